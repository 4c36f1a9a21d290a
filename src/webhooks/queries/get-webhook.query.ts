import { Query } from '@nestjs/cqrs';
import { WebhookView } from '../dto/webhook.dto';

export class GetWebhookQuery extends Query<WebhookView> {
  constructor(readonly id: string) {
    super();
  }
}
