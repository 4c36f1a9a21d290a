import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { LeasedQueueWorker } from '../common/leased-queue-worker';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Metrics } from '../metrics/metrics.service';
import { MailTransport, OutgoingMessage, SendOutcome } from './mail-transport';
import { nextMailAttemptDelayMs } from './retry-backoff';
import { preparedQuery } from '../database/prepared-query';
import { AFTER_COMMIT_LINGER_MS } from '../common/group-commit';

/** Messages in flight per instance. */
const CONCURRENCY = 4;
/** Messages put into the development mailbox per statement. */
const MAILBOX_BATCH = 200;
/** Time a claim holds a message beyond the SMTP timeout before another instance may take it. */
const LEASE_MARGIN_MS = 5000;

interface ClaimedMessage extends OutgoingMessage {
  attempts: number;
}

/**
 * Sends queued mail after commit, on every instance, never in a request: a claim is one statement
 * that picks due rows with `FOR UPDATE SKIP LOCKED` (instances never pick the same row), counts the
 * attempt and moves `nextAttemptAt` past the attempt's timeout — a lease. The SMTP conversation
 * runs outside any transaction; its outcome is written only while the lease is still this
 * attempt's (`attempts` unchanged). A server that is down or answers 4xx is retried with backoff
 * (MAIL_RETRY_*); a 5xx refusal, or the last attempt, leaves the message `failed`. A process killed
 * mid-attempt leaves the row pending with an expired lease: at least once.
 *
 * Sent mail loses its body (it may hold a token); the development mailbox keeps it, being the point.
 * The mailbox talks to no server, so its "send" is the claim itself: one statement marks a batch of
 * due messages sent (and the log names them), instead of a claim and an update per message.
 */
@Injectable()
export class MailDispatcher extends LeasedQueueWorker<ClaimedMessage> {
  private readonly outcomes: Counter<'outcome'>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    metrics: Metrics,
  ) {
    super(new Logger('MailDispatcher'), 'mail');
    this.outcomes =
      (metrics.registry.getSingleMetric('mail_messages_total') as Counter<'outcome'> | undefined) ??
      new Counter({
        name: 'mail_messages_total',
        help: 'Mail send attempts by outcome (sent, retrying, failed)',
        labelNames: ['outcome'],
        registers: [metrics.registry],
      });
    metrics.gauge('mail_backlog', 'Queued mail not sent yet', () => this.backlog().catch(() => null));
  }

  protected pollIntervalMs(): number {
    return this.config.mailPollIntervalMs;
  }

  protected concurrency(): number {
    return CONCURRENCY;
  }

  protected describe(message: ClaimedMessage): string {
    return `mail ${message.id}`;
  }

  async backlog(): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM "mail_messages" WHERE "status" = 'pending'`,
    );
    return row.n;
  }

  protected override async pump(): Promise<void> {
    if (this.transport.kind === 'mailbox') return this.pumpMailbox();
    return super.pump();
  }

  /** The development mailbox: due messages are marked sent a batch per statement, then logged. */
  private async pumpMailbox(): Promise<void> {
    do {
      this.again = false;
      if (this.stopped) return;
      // The mailbox only logs each message (its links outside production): no body travels back otherwise.
      const rows = await preparedQuery<OutgoingMessage>(
        this.dataSource.manager,
        `WITH due AS (
           SELECT "id" FROM "mail_messages"
            WHERE "status" = 'pending' AND "nextAttemptAt" <= now()
            ORDER BY "nextAttemptAt", "createdAt"
            LIMIT $1
            FOR UPDATE SKIP LOCKED
         )
         UPDATE "mail_messages" m
            SET "status" = 'sent', "transport" = 'mailbox', "attempts" = m."attempts" + 1, "sentAt" = now(),
                "nextAttemptAt" = NULL, "lastError" = NULL
           FROM due WHERE m."id" = due."id"
         RETURNING m."id", m."to", m."subject", CASE WHEN $2::boolean THEN m."text" END AS "text", NULL AS "html"`,
        [MAILBOX_BATCH, this.config.env !== 'production'],
      );
      for (const message of rows) this.transport.toMailbox(message);
      if (rows.length > 0) this.outcomes.inc({ outcome: 'sent' }, rows.length);
      if (rows.length === MAILBOX_BATCH) this.again = true;
      // Kicked meanwhile (a busy instance queues mail continuously): let a few batches gather first.
      else if (this.again) await new Promise((resolve) => setTimeout(resolve, AFTER_COMMIT_LINGER_MS));
    } while (this.again && !this.stopped);
  }

  protected async claim(limit: number): Promise<ClaimedMessage[]> {
    const [rows] = (await this.dataSource.query(
      `WITH due AS (
         SELECT "id" FROM "mail_messages"
          WHERE "status" = 'pending' AND "nextAttemptAt" <= now()
          ORDER BY "nextAttemptAt", "createdAt"
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       )
       UPDATE "mail_messages" m
          SET "attempts" = m."attempts" + 1, "nextAttemptAt" = now() + $2 * interval '1 millisecond'
         FROM due WHERE m."id" = due."id"
       RETURNING m."id", m."to", m."subject", m."text", m."html", m."attempts"`,
      [limit, this.config.mailTimeoutMs * 3 + LEASE_MARGIN_MS],
    )) as [ClaimedMessage[], number];
    return rows;
  }

  protected async attempt(message: ClaimedMessage): Promise<void> {
    const outcome = await this.transport.send({ ...message, text: message.text ?? '' });
    this.outcomes.inc({ outcome: await this.record(message, outcome) });
  }

  private async record(message: ClaimedMessage, outcome: SendOutcome): Promise<'sent' | 'retrying' | 'failed'> {
    const fence = [message.id, message.attempts];
    if (outcome.ok) {
      const keepBody = outcome.transport === 'mailbox';
      await this.dataSource.query(
        `UPDATE "mail_messages"
            SET "status" = 'sent', "transport" = $3, "sentAt" = now(), "nextAttemptAt" = NULL, "lastError" = NULL,
                "text" = CASE WHEN $4::boolean THEN "text" END, "html" = CASE WHEN $4::boolean THEN "html" END
          WHERE "id" = $1 AND "attempts" = $2 AND "status" = 'pending'`,
        [...fence, outcome.transport, keepBody],
      );
      return 'sent';
    }
    const delay = outcome.permanent
      ? null
      : nextMailAttemptDelayMs(
          { baseMs: this.config.mailRetryBaseMs, maxMs: this.config.mailRetryMaxMs, maxAttempts: this.config.mailMaxAttempts },
          message.attempts,
        );
    if (delay === null)
      this.logger.warn(`mail ${message.id} failed for good after ${message.attempts} attempt(s): ${outcome.error}`);
    await this.dataSource.query(
      `UPDATE "mail_messages"
          SET "status" = CASE WHEN $4::int IS NULL THEN 'failed' ELSE 'pending' END,
              "nextAttemptAt" = CASE WHEN $4::int IS NULL THEN NULL ELSE now() + $4::int * interval '1 millisecond' END,
              "lastError" = $3
        WHERE "id" = $1 AND "attempts" = $2 AND "status" = 'pending'`,
      [...fence, outcome.error, delay],
    );
    return delay === null ? 'failed' : 'retrying';
  }
}
