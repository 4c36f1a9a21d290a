import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Role } from '../../common/auth/auth-user';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../../database/database-unavailable';
import { SessionCache, SessionNotice, SessionState } from './session-cache';
import { SessionNotices } from './session-notices';

const MAX_CACHED_SESSIONS = 50_000;

/** Why a session ended (stored with it). */
export type SessionEndReason = 'logout' | 'reuse' | 'expired' | 'deactivated' | 'password-change' | 'password-reset';

/**
 * Writes to sessions inside one transaction, collecting what other instances must hear.
 * A session is a refresh-token family: a login starts it, its access tokens carry its id (`sid`).
 */
export class SessionWriter {
  constructor(
    readonly manager: EntityManager,
    private readonly notices: SessionNotice[],
  ) {}

  async start(userId: string): Promise<string> {
    const [row] = await this.manager.query<Array<{ id: string }>>(
      `INSERT INTO "refresh_token_families" ("userId") VALUES ($1) RETURNING "id"`,
      [userId],
    );
    return row.id;
  }

  async end(sessionId: string, reason: SessionEndReason): Promise<void> {
    await this.manager.query(
      `UPDATE "refresh_token_families" SET "revokedAt" = now(), "revokedReason" = $2 WHERE "id" = $1 AND "revokedAt" IS NULL`,
      [sessionId, reason],
    );
    this.notices.push({ kind: 'session', sessionId });
  }

  /** Ends every session of the user, or every one but `except` (the caller's own). */
  async endAllOf(userId: string, reason: SessionEndReason, except?: string): Promise<void> {
    await this.manager.query(
      `UPDATE "refresh_token_families" SET "revokedAt" = now(), "revokedReason" = $2
        WHERE "userId" = $1 AND "revokedAt" IS NULL AND "id" IS DISTINCT FROM $3`,
      [userId, reason, except ?? null],
    );
    this.notices.push({ kind: 'user', userId });
  }

  /** The user's role or active flag changed: every instance re-reads their sessions. */
  userChanged(userId: string): void {
    this.notices.push({ kind: 'user', userId });
  }
}

/**
 * Sessions: the per-request check of an access token's session, and every change to sessions.
 *
 * The check costs no round trip on the hot path: session states are cached in process, and every
 * change made through `transaction` is applied to this instance's cache after commit and announced
 * to all instances (SessionNotices, Redis pub/sub) before the request that made it is answered —
 * so logout, reuse detection, deactivation, role and password changes take effect on the very next
 * request on every instance. When an instance cannot be sure to hear the announcements (Redis
 * down or slow), it reads the database on every request instead.
 */
@Injectable()
export class Sessions {
  private readonly cache: SessionCache;
  private readonly loading = new Map<string, { generation: number; state: Promise<SessionState | undefined> }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly notices: SessionNotices,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cache = new SessionCache(
      config.sessionCacheTtlSeconds * 1000,
      config.sessionCacheTtlSeconds > 0 ? MAX_CACHED_SESSIONS : 0,
    );
    notices.listen({ notice: (notice) => this.cache.apply(notice), reset: () => this.cache.clear() });
  }

  /**
   * The state of a session, or undefined when there is no such session. "Could not check" is not
   * "invalid": when the database cannot be reached this throws DatabaseUnavailableError (503 with
   * Retry-After), never an answer a guard would turn into a 401 — a client that logs its user out
   * on 401 must not do so because the database restarted.
   */
  async check(sessionId: string): Promise<SessionState | undefined> {
    const trusted = this.notices.reliable;
    if (trusted) {
      const cached = this.cache.get(sessionId);
      if (cached) return cached;
    }
    // Concurrent misses of one session share one query (a burst of requests of a fresh login) —
    // unless a notice arrived since that query began: then its answer may be older than the change.
    const generation = this.cache.mark();
    const pending = this.loading.get(sessionId);
    if (pending && pending.generation === generation) return pending.state;
    const state = this.load(sessionId);
    const entry = { generation, state };
    this.loading.set(sessionId, entry);
    try {
      const loaded = await state;
      if (loaded && trusted) this.cache.set(sessionId, loaded, generation);
      return loaded;
    } finally {
      if (this.loading.get(sessionId) === entry) this.loading.delete(sessionId);
    }
  }

  /**
   * Runs `work` in one transaction with a SessionWriter; what it changed is applied here and
   * announced to every instance after commit, before this returns.
   */
  async transaction<T>(work: (writer: SessionWriter) => Promise<T>): Promise<T> {
    const notices: SessionNotice[] = [];
    const result = await this.dataSource.transaction((manager) => work(new SessionWriter(manager, notices)));
    for (const notice of notices) this.cache.apply(notice);
    await this.notices.publish(notices);
    return result;
  }

  private async load(sessionId: string): Promise<SessionState | undefined> {
    try {
      return await this.select(sessionId);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        throw new DatabaseUnavailableError(
          'Your session could not be checked: the database is not reachable at the moment. Your token was not rejected; retry shortly.',
        );
      }
      throw error;
    }
  }

  private async select(sessionId: string): Promise<SessionState | undefined> {
    const [row] = await this.dataSource.query<Array<{ userId: string; role: Role; live: boolean }>>(
      `SELECT f."userId", u."role", (f."revokedAt" IS NULL AND u."active") AS "live"
         FROM "refresh_token_families" f JOIN "users" u ON u."id" = f."userId"
        WHERE f."id" = $1`,
      [sessionId],
    );
    return row;
  }
}
