import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../common/auth/roles.decorator';
import { parseUuid } from '../common/http/validation';
import { PageQuery } from '../common/pagination';
import { CreateWebhookCommand } from './commands/create-webhook.command';
import { DeleteWebhookCommand } from './commands/delete-webhook.command';
import { RetryWebhookDeliveryCommand } from './commands/retry-webhook-delivery.command';
import { RotateWebhookSecretCommand } from './commands/rotate-webhook-secret.command';
import { UpdateWebhookCommand } from './commands/update-webhook.command';
import {
  CreateWebhookDto,
  ListDeliveriesQueryDto,
  UpdateWebhookDto,
  WebhookDeliveryPage,
  WebhookDeliveryView,
  WebhookEventPayload,
  WebhookPage,
  WebhookView,
  WebhookWithSecretView,
} from './dto/webhook.dto';
import { GetWebhookQuery } from './queries/get-webhook.query';
import { ListWebhookDeliveriesQuery } from './queries/list-webhook-deliveries.query';
import { ListWebhooksQuery } from './queries/list-webhooks.query';

const DELIVERY =
  'Each event of a subscribed type is POSTed as JSON (`WebhookEventPayload`: `{id, seq, type, aggregateId, occurredAt, actor, payload}`) with the Standard Webhooks headers ' +
  '`webhook-id` (the event id), `webhook-timestamp` (unix seconds) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>`, keyed with the base64-decoded bytes after `whsec_`). ' +
  'A 2xx within WEBHOOK_TIMEOUT_MS is success; anything else is retried on WEBHOOK_RETRY_SCHEDULE_MS, then `failed`. At least once: deduplicate by `webhook-id`.';

@ApiTags('webhooks')
@ApiBearerAuth('bearer')
@ApiExtraModels(WebhookEventPayload)
@ApiForbiddenResponse({ description: 'not an admin' })
@Roles('admin')
@Controller('webhooks')
export class WebhooksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe an endpoint to events (admin); its signing secret is shown only here', description: `Admin only. ${DELIVERY} The endpoint receives events that happen after it was created. URLs must be http(s); in production, hosts resolving to loopback, private or link-local addresses are refused (400) unless WEBHOOK_ALLOW_PRIVATE_URLS=true.` })
  @ApiCreatedResponse({ type: WebhookWithSecretView })
  createWebhook(@Body() body: CreateWebhookDto) {
    return this.commands.execute(new CreateWebhookCommand(body));
  }

  @Get()
  @ApiOperation({ summary: 'Webhook endpoints (admin), oldest first', description: 'Admin only. Cursor list; secrets are never shown again.' })
  @ApiOkResponse({ type: WebhookPage })
  listWebhooks(@Query() page: PageQuery) {
    return this.queries.execute(new ListWebhooksQuery(page));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook endpoint (admin)', description: 'Admin only. Without its secret.' })
  @ApiOkResponse({ type: WebhookView })
  @ApiNotFoundResponse({ description: 'no such webhook' })
  getWebhook(@Param('id', parseUuid('id')) id: string) {
    return this.queries.execute(new GetWebhookQuery(id));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change url, subscriptions, description or pause it (admin)', description: 'Admin only. `active: false` pauses the endpoint: events meanwhile are not queued for it, and its pending deliveries wait until it is active again.' })
  @ApiOkResponse({ type: WebhookView })
  @ApiNotFoundResponse({ description: 'no such webhook' })
  updateWebhook(@Param('id', parseUuid('id')) id: string, @Body() body: UpdateWebhookDto) {
    return this.commands.execute(new UpdateWebhookCommand(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a webhook endpoint and its deliveries (admin)', description: 'Admin only. Answers 204.' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'no such webhook' })
  async deleteWebhook(@Param('id', parseUuid('id')) id: string) {
    await this.commands.execute(new DeleteWebhookCommand(id));
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the signing secret (admin); the new one is shown only here', description: 'Admin only. Every attempt from now on, retries included, is signed with the new secret.' })
  @ApiOkResponse({ type: WebhookWithSecretView })
  @ApiNotFoundResponse({ description: 'no such webhook' })
  rotateWebhookSecret(@Param('id', parseUuid('id')) id: string) {
    return this.commands.execute(new RotateWebhookSecretCommand(id));
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'Deliveries of an endpoint (admin), newest first, by status', description: 'Admin only. Cursor list with attempts, last status code and error, and the next attempt of pending ones. `failed` ones are dead-lettered until retried.' })
  @ApiOkResponse({ type: WebhookDeliveryPage })
  @ApiNotFoundResponse({ description: 'no such webhook' })
  listWebhookDeliveries(@Param('id', parseUuid('id')) id: string, @Query() query: ListDeliveriesQueryDto) {
    return this.queries.execute(new ListWebhookDeliveriesQuery(id, query));
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a failed delivery again (admin)', description: 'Admin only. 202: the delivery is due now, with a fresh retry schedule (a succeeded one is sent again too). 409 while it is still pending.' })
  @ApiAcceptedResponse({ type: WebhookDeliveryView, description: 'queued: the delivery, pending and due now' })
  @ApiNotFoundResponse({ description: 'no such webhook or delivery' })
  @ApiConflictResponse({ description: 'the delivery is still pending' })
  retryWebhookDelivery(@Param('id', parseUuid('id')) id: string, @Param('deliveryId', parseUuid('deliveryId')) deliveryId: string) {
    return this.commands.execute(new RetryWebhookDeliveryCommand(id, deliveryId));
  }
}
