import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { WebhookUrlGuard } from '../delivery/url-guard';
import { newWebhookSecret } from '../domain/webhook-secret';
import { WebhookWithSecretView } from '../dto/webhook.dto';
import { ENDPOINT_COLUMNS, EndpointRow, toWebhookView } from '../dto/views';
import { CreateWebhookCommand } from './create-webhook.command';

/** A new endpoint with a fresh secret, returned once; it receives the events that happen from now on. */
@CommandHandler(CreateWebhookCommand)
export class CreateWebhookHandler implements ICommandHandler<CreateWebhookCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly urls: WebhookUrlGuard,
  ) {}

  async execute({ input }: CreateWebhookCommand): Promise<WebhookWithSecretView> {
    await this.urls.check(input.url);
    const secret = newWebhookSecret();
    const [row] = await this.dataSource.query<EndpointRow[]>(
      `INSERT INTO "webhook_endpoints" ("url", "events", "description", "secret") VALUES ($1, $2, $3, $4) RETURNING ${ENDPOINT_COLUMNS}`,
      [input.url, [...new Set(input.events)], input.description ?? null, secret],
    );
    return { ...toWebhookView(row), secret };
  }
}
