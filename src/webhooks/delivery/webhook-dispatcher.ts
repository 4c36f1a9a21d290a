import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { LeasedQueueWorker } from '../../common/leased-queue-worker';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { Metrics } from '../../metrics/metrics.service';
import { nextAttemptDelayMs } from '../domain/retry-schedule';
import { AttemptOutcome, WebhookSender } from './webhook-sender';

/** A claimed delivery with what its attempt needs. */
interface ClaimedDelivery {
  id: string;
  endpointId: string;
  attempts: number;
  scheduleStart: number;
  url: string;
  secret: string;
  eventId: string;
  seq: string;
  type: string;
  aggregateId: string;
  occurredAt: Date;
  actor: object;
  payload: object;
}

/** Time a claim holds a delivery beyond the attempt's timeout before another instance may take it. */
const LEASE_MARGIN_MS = 5000;

export type DeliveryOutcome = 'succeeded' | 'retrying' | 'failed';

/**
 * Sends due webhook deliveries, on every instance. A claim is one statement: it picks due rows with
 * `FOR UPDATE SKIP LOCKED` (instances never pick the same row), counts the attempt and moves
 * `nextAttemptAt` past the attempt's timeout — a lease. The HTTP request runs outside any
 * transaction, so a slow receiver holds no database connection; its outcome is written only if the
 * lease is still this attempt's (`attempts` unchanged). A process killed mid-attempt leaves the row
 * pending with an expired lease, so the delivery is sent again: at least once.
 *
 * Fairness: one endpoint gets at most a quarter of this instance's slots (WEBHOOK_CONCURRENCY), so a
 * dead receiver waiting out its timeouts never holds back deliveries to the others; orders never wait
 * on any of this (deliveries are created after commit, sent by this loop).
 */
@Injectable()
export class WebhookDispatcher extends LeasedQueueWorker<ClaimedDelivery> {
  private readonly inFlight = new Map<string, number>();
  private readonly outcomes: Counter<'outcome'>;
  private readonly latency: Histogram<'outcome'>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: WebhookSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    super(new Logger('WebhookDispatcher'), 'webhook deliveries');
    this.outcomes =
      (metrics.registry.getSingleMetric('webhook_deliveries_total') as Counter<'outcome'> | undefined) ??
      new Counter({
        name: 'webhook_deliveries_total',
        help: 'Webhook delivery attempts by outcome (succeeded, retrying, failed)',
        labelNames: ['outcome'],
        registers: [metrics.registry],
      });
    this.latency =
      (metrics.registry.getSingleMetric('webhook_delivery_duration_seconds') as Histogram<'outcome'> | undefined) ??
      new Histogram({
        name: 'webhook_delivery_duration_seconds',
        help: 'Webhook delivery attempt latency by outcome',
        labelNames: ['outcome'],
        buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [metrics.registry],
      });
  }

  protected pollIntervalMs(): number {
    return this.config.webhookPollIntervalMs;
  }

  protected concurrency(): number {
    return this.config.webhookConcurrency;
  }

  protected describe(delivery: ClaimedDelivery): string {
    return `webhook delivery ${delivery.id}`;
  }

  protected override afterShutdown(): void {
    this.sender.close();
  }

  /** Pending and dead-lettered deliveries (for /api/v1/health). */
  async backlog(): Promise<{ pending: number; failed: number }> {
    const [row] = await this.dataSource.query<Array<{ pending: number; failed: number }>>(
      `SELECT count(*) FILTER (WHERE "status" = 'pending')::int AS pending, count(*) FILTER (WHERE "status" = 'failed')::int AS failed
         FROM "webhook_deliveries" WHERE "status" <> 'succeeded'`,
    );
    return row;
  }

  private get perEndpoint(): number {
    return Math.max(1, Math.ceil(this.config.webhookConcurrency / 4));
  }

  protected async claim(limit: number): Promise<ClaimedDelivery[]> {
    // Endpoints that already have their share of this instance's slots in flight wait for the next round.
    const saturated = [...this.inFlight].filter(([, n]) => n >= this.perEndpoint).map(([id]) => id);
    const [rows] = (await this.dataSource.query(
      `WITH due AS (
         SELECT c."id" FROM "webhook_endpoints" w
          CROSS JOIN LATERAL (
            SELECT d."id" FROM "webhook_deliveries" d
             WHERE d."endpointId" = w."id" AND d."status" = 'pending' AND d."nextAttemptAt" <= now()
               AND EXISTS (SELECT 1 FROM "events" e WHERE e."id" = d."eventId" AND e."seq" IS NOT NULL)
             ORDER BY d."nextAttemptAt", d."createdAt"
             LIMIT $2
             FOR UPDATE SKIP LOCKED
          ) c
          WHERE w."active" AND w."id" <> ALL($3::uuid[])
          LIMIT $1
       )
       UPDATE "webhook_deliveries" d
          SET "attempts" = d."attempts" + 1, "lastAttemptAt" = now(), "nextAttemptAt" = now() + $4 * interval '1 millisecond'
         FROM due, "events" e, "webhook_endpoints" w
        WHERE d."id" = due."id" AND e."id" = d."eventId" AND w."id" = d."endpointId"
       RETURNING d."id", d."endpointId", d."attempts", d."scheduleStart", w."url", w."secret",
                 e."id" AS "eventId", e."seq", e."type", e."aggregateId", e."occurredAt", e."actor", e."payload"`,
      [limit, this.perEndpoint, saturated, this.config.webhookTimeoutMs + LEASE_MARGIN_MS],
    )) as [ClaimedDelivery[], number];
    return rows;
  }

  protected override attemptStarted(delivery: ClaimedDelivery): void {
    this.inFlight.set(delivery.endpointId, (this.inFlight.get(delivery.endpointId) ?? 0) + 1);
  }

  protected override attemptSettled(delivery: ClaimedDelivery): void {
    const left = (this.inFlight.get(delivery.endpointId) ?? 1) - 1;
    if (left <= 0) this.inFlight.delete(delivery.endpointId);
    else this.inFlight.set(delivery.endpointId, left);
  }

  protected async attempt(delivery: ClaimedDelivery): Promise<void> {
    const body = JSON.stringify({
      id: delivery.eventId,
      seq: Number(delivery.seq),
      type: delivery.type,
      aggregateId: delivery.aggregateId,
      occurredAt: new Date(delivery.occurredAt).toISOString(),
      actor: delivery.actor,
      payload: delivery.payload,
    });
    const result = await this.sender.send(delivery.url, delivery.secret, { id: delivery.eventId, body });
    const outcome = await this.record(delivery, result);
    this.outcomes.inc({ outcome });
    this.latency.observe({ outcome }, result.durationMs / 1000);
  }

  private async record(delivery: ClaimedDelivery, result: AttemptOutcome): Promise<DeliveryOutcome> {
    // Written only while the claim is still this attempt's: a late answer after the lease passed to
    // another attempt (or after a manual retry, or the endpoint's deletion) changes nothing.
    const fence = [delivery.id, delivery.attempts];
    if (result.ok) {
      await this.dataSource.query(
        `UPDATE "webhook_deliveries" SET "status" = 'succeeded', "lastStatusCode" = $3, "lastError" = NULL, "nextAttemptAt" = NULL, "deliveredAt" = now()
          WHERE "id" = $1 AND "attempts" = $2 AND "status" = 'pending'`,
        [...fence, result.statusCode],
      );
      return 'succeeded';
    }
    const delay = nextAttemptDelayMs(this.config.webhookRetryScheduleMs, delivery.attempts - delivery.scheduleStart);
    await this.dataSource.query(
      `UPDATE "webhook_deliveries"
          SET "status" = CASE WHEN $5::int IS NULL THEN 'failed' ELSE 'pending' END,
              "nextAttemptAt" = CASE WHEN $5::int IS NULL THEN NULL ELSE now() + $5::int * interval '1 millisecond' END,
              "lastStatusCode" = $3, "lastError" = $4
        WHERE "id" = $1 AND "attempts" = $2 AND "status" = 'pending'`,
      [...fence, result.statusCode, result.error, delay],
    );
    return delay === null ? 'failed' : 'retrying';
  }
}
