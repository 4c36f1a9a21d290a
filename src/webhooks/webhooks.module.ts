import { Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { WEBHOOK_BACKLOG_PROBE } from '../health/health.indicators';
import { CreateWebhookHandler } from './commands/create-webhook.handler';
import { DeleteWebhookHandler } from './commands/delete-webhook.handler';
import { RetryWebhookDeliveryHandler } from './commands/retry-webhook-delivery.handler';
import { RotateWebhookSecretHandler } from './commands/rotate-webhook-secret.handler';
import { UpdateWebhookHandler } from './commands/update-webhook.handler';
import { WebhookUrlGuard } from './delivery/url-guard';
import { WebhookDispatcher } from './delivery/webhook-dispatcher';
import { WebhookFanout } from './delivery/webhook-fanout';
import { WebhookSender } from './delivery/webhook-sender';
import { GetWebhookHandler } from './queries/get-webhook.handler';
import { ListWebhookDeliveriesHandler } from './queries/list-webhook-deliveries.handler';
import { ListWebhooksHandler } from './queries/list-webhooks.handler';
import { WebhooksController } from './webhooks.controller';

/**
 * Webhooks to other services: endpoints (admin API), the fan-out of events into delivery rows, and
 * the dispatcher that signs and sends them (Standard Webhooks) with retries and a dead-letter state.
 * Global only to hand its backlog probe to the health module.
 */
@Global()
@Module({
  imports: [CqrsModule],
  controllers: [WebhooksController],
  providers: [
    CreateWebhookHandler,
    UpdateWebhookHandler,
    DeleteWebhookHandler,
    RotateWebhookSecretHandler,
    RetryWebhookDeliveryHandler,
    ListWebhooksHandler,
    GetWebhookHandler,
    ListWebhookDeliveriesHandler,
    WebhookUrlGuard,
    WebhookSender,
    WebhookDispatcher,
    WebhookFanout,
    { provide: WEBHOOK_BACKLOG_PROBE, useExisting: WebhookDispatcher },
  ],
  exports: [WEBHOOK_BACKLOG_PROBE],
})
export class WebhooksModule {}
