import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { EventOutbox } from '../../events/outbox.service';
import { DeactivateProductCommand } from './deactivate-product.command';
import { updateProduct } from './update-product.handler';

/** Deactivation is the patch `{active: false}`: idempotent (deleting twice is 204 both times, one event). */
@CommandHandler(DeactivateProductCommand)
export class DeactivateProductHandler implements ICommandHandler<DeactivateProductCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: EventOutbox,
  ) {}

  async execute({ productId, ifMatch, actor }: DeactivateProductCommand): Promise<void> {
    const { events } = await this.dataSource.transaction((manager) => updateProduct(manager, this.outbox, productId, { active: false }, ifMatch, actor));
    this.outbox.publish(events);
  }
}
