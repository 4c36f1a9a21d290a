import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { OrderTemplate } from '../entities/order-template.entity';
import { OrderTemplateNotFoundError } from '../order-template.errors';
import { DeleteOrderTemplateCommand } from './delete-order-template.command';

/** One statement, scoped to the owner: someone else's template is as absent as a missing one (404). */
@CommandHandler(DeleteOrderTemplateCommand)
export class DeleteOrderTemplateHandler implements ICommandHandler<DeleteOrderTemplateCommand, void> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ user, templateId }: DeleteOrderTemplateCommand): Promise<void> {
    const { affected } = await this.dataSource.getRepository(OrderTemplate).delete({ id: templateId, customerId: user.id });
    if (!affected) throw new OrderTemplateNotFoundError();
  }
}
