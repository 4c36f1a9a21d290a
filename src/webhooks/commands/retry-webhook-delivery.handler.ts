import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { WebhookDispatcher } from '../delivery/webhook-dispatcher';
import { DeliveryInFlightError } from '../domain/webhook.errors';
import { DeliveryRow, toDeliveryView } from '../dto/views';
import { WebhookDeliveryView } from '../dto/webhook.dto';
import { RetryWebhookDeliveryCommand } from './retry-webhook-delivery.command';

/**
 * Queues a failed (or succeeded) delivery again, due now, with a fresh retry schedule. A pending one
 * is refused (409): it may be in flight, and making it due again could send it twice at once.
 */
@CommandHandler(RetryWebhookDeliveryCommand)
export class RetryWebhookDeliveryHandler implements ICommandHandler<RetryWebhookDeliveryCommand> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  async execute({ endpointId, deliveryId }: RetryWebhookDeliveryCommand): Promise<WebhookDeliveryView> {
    const [rows] = (await this.dataSource.query(
      `UPDATE "webhook_deliveries" SET "status" = 'pending', "nextAttemptAt" = now(), "scheduleStart" = "attempts"
        WHERE "id" = $1 AND "endpointId" = $2 AND "status" <> 'pending' 
        RETURNING "id", "eventId", "eventType", "status", "attempts", "lastStatusCode", "lastError", "nextAttemptAt", "createdAt"`,
      [deliveryId, endpointId],
    )) as [DeliveryRow[], number];
    if (rows.length === 0) {
      const [exists] = await this.dataSource.query<unknown[]>(`SELECT 1 FROM "webhook_deliveries" WHERE "id" = $1 AND "endpointId" = $2`, [deliveryId, endpointId]);
      if (!exists) throw new NotFoundError('delivery');
      throw new DeliveryInFlightError();
    }
    this.dispatcher.kick();
    return toDeliveryView(rows[0]);
  }
}
