import { Query } from '@nestjs/cqrs';
import { Page } from '../../common/pagination';
import { ListDeliveriesQueryDto, WebhookDeliveryView } from '../dto/webhook.dto';

export class ListWebhookDeliveriesQuery extends Query<Page<WebhookDeliveryView>> {
  constructor(
    readonly endpointId: string,
    readonly query: ListDeliveriesQueryDto,
  ) {
    super();
  }
}
