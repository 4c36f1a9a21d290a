import { Command } from '@nestjs/cqrs';
import { CreateWebhookDto, WebhookWithSecretView } from '../dto/webhook.dto';

export class CreateWebhookCommand extends Command<WebhookWithSecretView> {
  constructor(readonly input: CreateWebhookDto) {
    super();
  }
}
