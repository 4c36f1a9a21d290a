import { Command } from '@nestjs/cqrs';
import { UpdateWebhookDto, WebhookView } from '../dto/webhook.dto';

export class UpdateWebhookCommand extends Command<WebhookView> {
  constructor(
    readonly id: string,
    readonly changes: UpdateWebhookDto,
  ) {
    super();
  }
}
