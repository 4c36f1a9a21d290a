import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { WebhookView } from '../dto/webhook.dto';
import { ENDPOINT_COLUMNS, EndpointRow, toWebhookView } from '../dto/views';
import { GetWebhookQuery } from './get-webhook.query';

@QueryHandler(GetWebhookQuery)
export class GetWebhookHandler implements IQueryHandler<GetWebhookQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ id }: GetWebhookQuery): Promise<WebhookView> {
    const [row] = await this.dataSource.query<EndpointRow[]>(`SELECT ${ENDPOINT_COLUMNS} FROM "webhook_endpoints" WHERE "id" = $1`, [id]);
    if (!row) throw new NotFoundError('webhook');
    return toWebhookView(row);
  }
}
