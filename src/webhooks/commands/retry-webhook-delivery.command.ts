import { Command } from '@nestjs/cqrs';

export class RetryWebhookDeliveryCommand extends Command<void> {
  constructor(
    readonly endpointId: string,
    readonly deliveryId: string,
  ) {
    super();
  }
}
