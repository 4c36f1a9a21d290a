import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { newWebhookSecret } from '../domain/webhook-secret';
import { WebhookWithSecretView } from '../dto/webhook.dto';
import { ENDPOINT_COLUMNS, EndpointRow, toWebhookView } from '../dto/views';
import { RotateWebhookSecretCommand } from './rotate-webhook-secret.command';

/** A new secret, shown once; every attempt signed from now on (retries included) uses it. */
@CommandHandler(RotateWebhookSecretCommand)
export class RotateWebhookSecretHandler implements ICommandHandler<RotateWebhookSecretCommand> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ id }: RotateWebhookSecretCommand): Promise<WebhookWithSecretView> {
    const secret = newWebhookSecret();
    const [rows] = (await this.dataSource.query(
      `UPDATE "webhook_endpoints" SET "secret" = $2, "updatedAt" = now() WHERE "id" = $1 RETURNING ${ENDPOINT_COLUMNS}`,
      [id, secret],
    )) as [EndpointRow[], number];
    if (!rows[0]) throw new NotFoundError('webhook');
    return { ...toWebhookView(rows[0]), secret };
  }
}
