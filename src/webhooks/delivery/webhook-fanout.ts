import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AFTER_COMMIT_LINGER_MS, GroupCommit } from '../../common/group-commit';
import type { DomainEvent } from '../../events/domain-event';
import { EVENT_CLASSES } from '../../events/event-catalogue';
import { EventDeliveries } from '../../events/event-deliveries';
import { DELIVERY_RECORDED, HandlesEvents, RecordedEventHandler } from '../../events/recorded-event-handler';
import { SUBSCRIBES_SQL } from '../domain/subscriptions';
import { WebhookDispatcher } from './webhook-dispatcher';
import { preparedQuery } from '../../database/prepared-query';

interface FanoutItem {
  id: string;
  type: string;
  occurredAt: Date;
}

/**
 * After commit, turns each event into one delivery row per active endpoint subscribed to its type
 * and created before it happened (no backlog replay), in one statement with the handler's delivery
 * record: the relay re-delivers an event until that statement committed, and the unique
 * (endpoint, event) pair makes a re-delivery change nothing. Events arriving while a statement runs
 * go together in the next one (GroupCommit). The request that wrote the event never waits for this.
 */
@Injectable()
@HandlesEvents(...Object.values(EVENT_CLASSES))
export class WebhookFanout extends RecordedEventHandler<DomainEvent<object>> {
  readonly handlerName = 'webhooks';
  private readonly batches = new GroupCommit<FanoutItem>((items) => this.fanOut(items), { lingerMs: AFTER_COMMIT_LINGER_MS });

  constructor(
    private readonly dataSource: DataSource,
    private readonly dispatcher: WebhookDispatcher,
    deliveries: EventDeliveries,
  ) {
    super(deliveries);
  }

  async apply(event: DomainEvent<object>): Promise<typeof DELIVERY_RECORDED> {
    await this.batches.add({ id: event.id, type: event.type, occurredAt: event.occurredAt });
    return DELIVERY_RECORDED;
  }

  private async fanOut(batch: FanoutItem[]): Promise<void> {
    const items = [...new Map(batch.map((item) => [item.id, item])).values()];
    const [{ queued }] = await preparedQuery<{ queued: number }>(
      this.dataSource.manager,
      `WITH batch AS (
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::timestamptz[]) AS b("id", "type", "at")
       ), queued AS (
         INSERT INTO "webhook_deliveries" ("endpointId", "eventId", "eventType")
         SELECT w."id", b."id", b."type" FROM batch b
           JOIN "webhook_endpoints" w ON w."active" AND w."createdAt" <= b."at" AND ${SUBSCRIBES_SQL('w', 'b."type"')}
         ON CONFLICT ("endpointId", "eventId") DO NOTHING
         RETURNING 1
       ), recorded AS (
         INSERT INTO "event_deliveries" ("eventId", "handler") SELECT "id", $4 FROM batch ON CONFLICT DO NOTHING
       )
       SELECT count(*)::int AS queued FROM queued`,
      [items.map((i) => i.id), items.map((i) => i.type), items.map((i) => i.occurredAt), this.handlerName],
    );
    if (queued > 0) this.dispatcher.kick();
  }
}
