import { createHash } from 'node:crypto';
import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import type { WriteStatement } from '../database/write-statement';
import { IdempotencyKeyInFlightError, IdempotencyKeyReusedError } from './domain/order.errors';
import type { OrderView } from './dto/order.view';

const RETENTION_HOURS = 24;
/** A "running" key older than this belongs to a request that died; a retry may take it over. */
const ABANDONED_AFTER_SECONDS = 60;

/** A refusal as it is kept for replay: the domain error's own fields, nothing of HTTP. */
export interface StoredRefusal {
  status: number;
  type: string;
  title: string;
  detail: string;
  extensions: Record<string, unknown>;
  headers: Record<string, string>;
}

/** The first outcome of a key: the order it created, or the domain error it was refused with. */
export type IdempotentOutcome = { kind: 'created'; order: OrderView } | { kind: 'refused'; refusal: StoredRefusal };

export type Claim = { kind: 'claimed' } | { kind: 'replay'; order: OrderView };

/** A stored refusal thrown again for a retry: rendered exactly like the first, marked as a replay. */
export class ReplayedRefusalError extends DomainError {
  readonly status: number;
  readonly type: string;
  readonly title: string;

  constructor(refusal: StoredRefusal) {
    super(refusal.detail);
    this.status = refusal.status;
    this.type = refusal.type;
    this.title = refusal.title;
    Object.assign(this.extensions, refusal.extensions);
    Object.assign(this.headers, refusal.headers, { 'Idempotent-Replayed': 'true' });
  }
}

/** Canonical JSON (sorted keys) so the same body always hashes the same. */
export function requestHash(body: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object' && !(value instanceof Date)) {
      return Object.fromEntries(
        Object.keys(value as object)
          .sort()
          .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex');
}

/**
 * Idempotency-Key records for order creation, scoped to the caller and kept 24 h. A claim is its own
 * committed row (so parallel retries see it); the outcome is stored in the order's transaction
 * (or, for a refusal, right after it). A replay returns the stored order or throws the stored refusal.
 */
@Injectable()
export class IdempotencyStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private sweeper?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.sweeper = setInterval(() => void this.sweep().catch(() => undefined), 60 * 60 * 1000);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  /** Claims the key for this request, or replays its first outcome (a refusal is thrown again). */
  async claim(userId: string, key: string, hash: string): Promise<Claim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = (await this.dataSource.query(
        `INSERT INTO "idempotency_keys" ("userId", "key", "requestHash", "state", "expiresAt")
         VALUES ($1, $2, $3, 'running', now() + interval '${RETENTION_HOURS} hours')
         ON CONFLICT DO NOTHING RETURNING "key"`,
        [userId, key, hash],
      )) as unknown[];
      if (inserted.length === 1) return { kind: 'claimed' };

      const [row] = (await this.dataSource.query(
        `SELECT "requestHash", "state", "outcome",
                "expiresAt" < now() AS expired,
                "createdAt" < now() - interval '${ABANDONED_AFTER_SECONDS} seconds' AS abandoned
           FROM "idempotency_keys" WHERE "userId" = $1 AND "key" = $2`,
        [userId, key],
      )) as Array<{ requestHash: string; state: string; outcome: IdempotentOutcome | null; expired: boolean; abandoned: boolean }>;
      if (!row) continue; // deleted in between: insert again
      const stale = row.expired || (row.state === 'running' && row.abandoned);
      if (stale) {
        const taken = (await this.dataSource.query(
          `UPDATE "idempotency_keys"
              SET "requestHash" = $3, "state" = 'running', "outcome" = NULL,
                  "createdAt" = now(), "expiresAt" = now() + interval '${RETENTION_HOURS} hours'
            WHERE "userId" = $1 AND "key" = $2
              AND ("expiresAt" < now() OR ("state" = 'running' AND "createdAt" < now() - interval '${ABANDONED_AFTER_SECONDS} seconds'))
            RETURNING "key"`,
          [userId, key, hash],
        )) as [unknown[], number];
        if (Array.isArray(taken[0]) && taken[0].length === 1) return { kind: 'claimed' };
        continue;
      }
      if (row.requestHash !== hash) throw new IdempotencyKeyReusedError();
      if (row.state === 'running' || !row.outcome) throw new IdempotencyKeyInFlightError();
      if (row.outcome.kind === 'refused') throw new ReplayedRefusalError(row.outcome.refusal);
      return { kind: 'replay', order: row.outcome.order };
    }
    throw new IdempotencyKeyInFlightError();
  }

  /**
   * Stores the created order as a step of the order's own statement (see WriteStatement): written
   * only when `from` (the step that inserted the order) returned its row. `orderSql` is the order
   * view as a jsonb expression over that row, which carries the values the database generated.
   */
  completeWithin(statement: WriteStatement, userId: string, key: string, created: { from: string; orderSql: string }): void {
    statement.step(
      'idempotency_outcome',
      `UPDATE "idempotency_keys" k SET "state" = 'completed', "outcome" = jsonb_build_object('kind', 'created', 'order', ${created.orderSql})
         FROM ${created.from}
        WHERE k."userId" = ${statement.param(userId, 'uuid')} AND k."key" = ${statement.param(key)}`,
    );
  }

  /** Stores a refusal, so the same retry gets the same answer. */
  async completeWithRefusal(userId: string, key: string, error: DomainError): Promise<void> {
    const refusal: StoredRefusal = {
      status: error.status,
      type: error.type,
      title: error.title,
      detail: error.detail,
      extensions: error.extensions,
      headers: error.headers,
    };
    const outcome: IdempotentOutcome = { kind: 'refused', refusal };
    await this.dataSource.query(
      `UPDATE "idempotency_keys" SET "state" = 'completed', "outcome" = $3 WHERE "userId" = $1 AND "key" = $2`,
      [userId, key, JSON.stringify(outcome)],
    );
  }

  /** Frees the key after an unexpected failure, so a retry runs again. */
  async release(userId: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM "idempotency_keys" WHERE "userId" = $1 AND "key" = $2 AND "state" = 'running'`, [userId, key]);
  }

  private async sweep(): Promise<void> {
    await this.dataSource.query(`DELETE FROM "idempotency_keys" WHERE "expiresAt" < now()`);
  }
}
