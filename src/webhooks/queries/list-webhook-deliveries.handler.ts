import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { decodeTimeCursor, Page, toPage } from '../../common/pagination';
import { WebhookDeliveryView } from '../dto/webhook.dto';
import { DeliveryRow, toDeliveryView } from '../dto/views';
import { ListWebhookDeliveriesQuery } from './list-webhook-deliveries.query';

/** Deliveries of one endpoint, newest first, keyset-paged on (createdAt, id), optionally by status. */
@QueryHandler(ListWebhookDeliveriesQuery)
export class ListWebhookDeliveriesHandler implements IQueryHandler<ListWebhookDeliveriesQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ endpointId, query }: ListWebhookDeliveriesQuery): Promise<Page<WebhookDeliveryView>> {
    const before = decodeTimeCursor(query.cursor);
    const [endpoint] = await this.dataSource.query<unknown[]>(`SELECT 1 FROM "webhook_endpoints" WHERE "id" = $1`, [endpointId]);
    if (!endpoint) throw new NotFoundError('webhook');
    const rows = await this.dataSource.query<DeliveryRow[]>(
      `SELECT "id", "eventId", "eventType", "status", "attempts", "lastStatusCode", "lastError", "nextAttemptAt", "createdAt"
         FROM "webhook_deliveries"
        WHERE "endpointId" = $1 AND ($2::varchar IS NULL OR "status" = $2)
          AND ($3::timestamptz IS NULL OR ("createdAt", "id") < ($3::timestamptz, $4::uuid))
        ORDER BY "createdAt" DESC, "id" DESC LIMIT $5`,
      [endpointId, query.status ?? null, before?.at ?? null, before?.id ?? null, query.limit + 1],
    );
    return toPage(rows, query.limit, (r) => [new Date(r.createdAt).toISOString(), r.id], toDeliveryView);
  }
}
