import { Query } from '@nestjs/cqrs';
import { Page, PageQuery } from '../../common/pagination';
import { WebhookView } from '../dto/webhook.dto';

export class ListWebhooksQuery extends Query<Page<WebhookView>> {
  constructor(readonly page: PageQuery) {
    super();
  }
}
