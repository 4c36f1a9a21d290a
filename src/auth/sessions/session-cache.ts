import type { Role } from '../../common/auth/auth-user';

/** What the per-request check needs to know of a session: whose it is, and the user's current role. */
export interface SessionState {
  userId: string;
  role: Role;
  /** False once the session ended or the user was deactivated. */
  live: boolean;
}

/** Something that changed who may do what: one session ended, or a user's role/active flag or sessions changed. */
export type SessionNotice = { kind: 'session'; sessionId: string } | { kind: 'user'; userId: string };

export const encodeNotice = (notice: SessionNotice): string =>
  notice.kind === 'session' ? `s:${notice.sessionId}` : `u:${notice.userId}`;

export function decodeNotice(message: string): SessionNotice | undefined {
  if (message.startsWith('s:')) return { kind: 'session', sessionId: message.slice(2) };
  if (message.startsWith('u:')) return { kind: 'user', userId: message.slice(2) };
  return undefined;
}

/**
 * In-process cache of session states, keyed by session id, bounded in size and age.
 *
 * Cache-aside's race is closed with a generation counter: a lookup notes the generation before it
 * reads the database and stores its row only if no notice arrived meanwhile, so a read that began
 * before a session ended can never put the live state back after the eviction.
 */
export class SessionCache {
  private readonly entries = new Map<string, { state: SessionState; expiresAt: number }>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(sessionId: string, now = Date.now()): SessionState | undefined {
    const entry = this.entries.get(sessionId);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return entry.state;
  }

  /** The generation to pass to `set` after reading the database. */
  mark(): number {
    return this.generation;
  }

  set(sessionId: string, state: SessionState, generation: number, now = Date.now()): void {
    if (this.maxEntries <= 0 || generation !== this.generation) return;
    if (this.entries.size >= this.maxEntries) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(sessionId, { state, expiresAt: now + this.ttlMs });
  }

  apply(notice: SessionNotice): void {
    this.generation++;
    if (notice.kind === 'session') {
      this.entries.delete(notice.sessionId);
      return;
    }
    for (const [sessionId, entry] of this.entries) if (entry.state.userId === notice.userId) this.entries.delete(sessionId);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
