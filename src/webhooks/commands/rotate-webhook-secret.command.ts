import { Command } from '@nestjs/cqrs';
import { WebhookWithSecretView } from '../dto/webhook.dto';

export class RotateWebhookSecretCommand extends Command<WebhookWithSecretView> {
  constructor(readonly id: string) {
    super();
  }
}
