import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { DeleteWebhookCommand } from './delete-webhook.command';

/** Removes the endpoint and its deliveries; an attempt in flight finishes but records nothing. */
@CommandHandler(DeleteWebhookCommand)
export class DeleteWebhookHandler implements ICommandHandler<DeleteWebhookCommand> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ id }: DeleteWebhookCommand): Promise<void> {
    const [, count] = (await this.dataSource.query(`DELETE FROM "webhook_endpoints" WHERE "id" = $1`, [id])) as [unknown, number];
    if (count === 0) throw new NotFoundError('webhook');
  }
}
