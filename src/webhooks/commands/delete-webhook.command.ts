import { Command } from '@nestjs/cqrs';

export class DeleteWebhookCommand extends Command<void> {
  constructor(readonly id: string) {
    super();
  }
}
