import { Command } from '@nestjs/cqrs';
import { WebhookDeliveryView } from '../dto/webhook.dto';

export class RetryWebhookDeliveryCommand extends Command<WebhookDeliveryView> {
  constructor(
    readonly endpointId: string,
    readonly deliveryId: string,
  ) {
    super();
  }
}
