import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeTimeCursor, Page, toPage } from '../../common/pagination';
import { WebhookView } from '../dto/webhook.dto';
import { ENDPOINT_COLUMNS, EndpointRow, toWebhookView } from '../dto/views';
import { ListWebhooksQuery } from './list-webhooks.query';

/** Endpoints, oldest first, keyset-paged on (createdAt, id). */
@QueryHandler(ListWebhooksQuery)
export class ListWebhooksHandler implements IQueryHandler<ListWebhooksQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ page }: ListWebhooksQuery): Promise<Page<WebhookView>> {
    const after = decodeTimeCursor(page.cursor);
    const rows = await this.dataSource.query<EndpointRow[]>(
      `SELECT ${ENDPOINT_COLUMNS} FROM "webhook_endpoints"
        WHERE $1::timestamptz IS NULL OR ("createdAt", "id") > ($1::timestamptz, $2::uuid)
        ORDER BY "createdAt", "id" LIMIT $3`,
      [after?.at ?? null, after?.id ?? null, page.limit + 1],
    );
    return toPage(rows, page.limit, (r) => [new Date(r.createdAt).toISOString(), r.id], toWebhookView);
  }
}
