import { createHash } from 'node:crypto';
import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { IdempotencyKeyInFlightError, IdempotencyKeyReusedError } from './domain/order.errors';

const RETENTION_HOURS = 24;
/** A "running" key older than this belongs to a request that died; a retry may take it over. */
const ABANDONED_AFTER_SECONDS = 60;

export interface StoredResponse {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

export type Claim = { kind: 'claimed' } | { kind: 'replay'; response: StoredResponse };

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
 * Idempotency-Key records for POST /orders, scoped to the caller and kept 24 h. A claim is its own
 * committed row (so parallel retries see it); the response is stored in the order's transaction.
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
        `SELECT "requestHash", "state", "responseStatus", "responseBody", "responseHeaders",
                "expiresAt" < now() AS expired,
                "createdAt" < now() - interval '${ABANDONED_AFTER_SECONDS} seconds' AS abandoned
           FROM "idempotency_keys" WHERE "userId" = $1 AND "key" = $2`,
        [userId, key],
      )) as Array<{
        requestHash: string;
        state: string;
        responseStatus: number;
        responseBody: Record<string, unknown>;
        responseHeaders: Record<string, string> | null;
        expired: boolean;
        abandoned: boolean;
      }>;
      if (!row) continue; // deleted in between: insert again
      const stale = row.expired || (row.state === 'running' && row.abandoned);
      if (stale) {
        const taken = (await this.dataSource.query(
          `UPDATE "idempotency_keys"
              SET "requestHash" = $3, "state" = 'running', "responseStatus" = NULL, "responseBody" = NULL,
                  "responseHeaders" = NULL, "createdAt" = now(), "expiresAt" = now() + interval '${RETENTION_HOURS} hours'
            WHERE "userId" = $1 AND "key" = $2
              AND ("expiresAt" < now() OR ("state" = 'running' AND "createdAt" < now() - interval '${ABANDONED_AFTER_SECONDS} seconds'))
            RETURNING "key"`,
          [userId, key, hash],
        )) as [unknown[], number];
        if (Array.isArray(taken[0]) && taken[0].length === 1) return { kind: 'claimed' };
        continue;
      }
      if (row.requestHash !== hash) throw new IdempotencyKeyReusedError();
      if (row.state === 'running') throw new IdempotencyKeyInFlightError();
      return { kind: 'replay', response: { status: row.responseStatus, body: row.responseBody, headers: row.responseHeaders ?? {} } };
    }
    throw new IdempotencyKeyInFlightError();
  }

  /** Stores the response; pass the order's transaction manager so it commits with the order. */
  async complete(userId: string, key: string, response: StoredResponse, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      `UPDATE "idempotency_keys" SET "state" = 'completed', "responseStatus" = $3, "responseBody" = $4, "responseHeaders" = $5
        WHERE "userId" = $1 AND "key" = $2`,
      [userId, key, response.status, JSON.stringify(response.body), JSON.stringify(response.headers)],
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
