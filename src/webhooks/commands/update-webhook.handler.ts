import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { WebhookUrlGuard } from '../delivery/url-guard';
import { WebhookView } from '../dto/webhook.dto';
import { ENDPOINT_COLUMNS, EndpointRow, toWebhookView } from '../dto/views';
import { UpdateWebhookCommand } from './update-webhook.command';

/** Changes url, subscriptions, description or `active`; fields left out keep their value. */
@CommandHandler(UpdateWebhookCommand)
export class UpdateWebhookHandler implements ICommandHandler<UpdateWebhookCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly urls: WebhookUrlGuard,
  ) {}

  async execute({ id, changes }: UpdateWebhookCommand): Promise<WebhookView> {
    if (changes.url !== undefined) await this.urls.check(changes.url);
    const [rows] = (await this.dataSource.query(
      `UPDATE "webhook_endpoints" SET
          "url" = coalesce($2, "url"),
          "events" = coalesce($3, "events"),
          "description" = CASE WHEN $4::boolean THEN $5 ELSE "description" END,
          "active" = coalesce($6, "active"),
          "updatedAt" = now()
        WHERE "id" = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      [
        id,
        changes.url ?? null,
        changes.events ? [...new Set(changes.events)] : null,
        changes.description !== undefined,
        changes.description ?? null,
        changes.active ?? null,
      ],
    )) as [EndpointRow[], number];
    if (!rows[0]) throw new NotFoundError('webhook');
    return toWebhookView(rows[0]);
  }
}
