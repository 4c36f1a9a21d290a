import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

const origins = new AsyncLocalStorage<symbol>();

/**
 * Runs `fn` with `origin` attached to everything it causes asynchronously, so a QueryCounter can
 * tell its statements from those of other work running meanwhile (the event relay, other requests).
 */
export function attributeTo<T>(origin: symbol, fn: () => T): T {
  return origins.run(origin, fn);
}

/**
 * Records every statement any `pg` client in this process sends (the app under test runs in the
 * Jest process, so its pool's clients are `pg.Client`s) — the round trips work costs — with the
 * origin it was attributed to, if any.
 */
export class QueryCounter {
  private readonly sent: Array<{ sql: string; origin?: symbol }> = [];
  private readonly original = pg.Client.prototype.query;

  constructor() {
    const sent = this.sent;
    const original = this.original;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const first = args[0] as string | { text?: string };
      const sql = typeof first === 'string' ? first : (first?.text ?? '');
      sent.push({ sql: sql.replace(/\s+/g, ' ').trim(), origin: origins.getStore() });
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pg.Client.prototype.query;
  }

  /** Every statement sent since the counter started, or only those attributed to `origin`. */
  statements(origin?: symbol): string[] {
    return this.sent.filter((s) => origin === undefined || s.origin === origin).map((s) => s.sql);
  }

  stop(): void {
    pg.Client.prototype.query = this.original;
  }
}
