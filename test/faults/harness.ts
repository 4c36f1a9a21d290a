/**
 * Fault drills: `npm run test:faults` (jest -c test/faults/jest.config.js, one drill file at a time;
 * `.ci/run` runs it after `npm test`). Each drill is a `test/faults/<name>.fault-spec.ts` that starts
 * the production build as real processes, breaks something for real, measures, prints its figures
 * with `printFigures` and fails on any loss. Everything a drill needs is exported here:
 *
 *   startApp({ env, cwd?, port? })   `node dist/src/main.js` in a temp folder with only `env`
 *                                    (NODE_ENV=test, LOG_LEVEL=info, HOST=127.0.0.1 by default) →
 *                                    { url, pid, waitReady(), signal(), exited, stop(), output(), logLines() }
 *   startPostgres()                  a PostgreSQL the drill owns (pg_ctl; the `postgres` user when root) →
 *                                    { url(db), createDatabase(), query(), stop(mode), start(), restart(), destroy() }
 *   startRedis({ persistence })      redis-server with an append-only file → { url, stop(), start(), destroy() }
 *   startLoad({ url, clients, request, intervalMs, keepAlive }) → { records, stop(), done }: N clients,
 *                                    one socket each, every request's outcome (response / no-response /
 *                                    mid-response, status, Connection header) recorded, nothing retried
 *   prepareShop(url)                 admin token, a product with plenty of stock, a customer; `orderBody()`
 *   requestsSeenByApp(app)           request ids the app logged (pino-http), to tell "never started"
 *                                    from "cut short" on the server's side too
 *   cleanUp(fn) / runCleanUps()      teardown in reverse order; `afterAll(runCleanUps)` in every drill
 *
 * Keep drills bounded: a few clients, seconds of load; the whole suite stays within ~3 minutes.
 */
import request from 'supertest';
import { loginAsAdmin, registerCustomer } from '../support/auth';
import { createProduct } from '../support/inventory';
import { ADDRESS } from '../support/orders';
import { AppProcess, killAllApps } from '../support/processes';

export { appFolder, startApp, postgresProcessesOn, sleep, type AppProcess, type LogLine } from '../support/processes';
export { startPostgres, type PostgresServer } from '../support/postgres-server';
export { startRedis, type RedisServer } from '../support/redis-server';
export { startLoad, summarize, type LoadReport, type RequestRecord } from '../support/load';

const cleanUps: Array<() => unknown> = [];

/** Registers a teardown step (run in reverse order by runCleanUps). */
export function cleanUp(step: () => unknown): void {
  cleanUps.push(step);
}

export async function runCleanUps(): Promise<void> {
  await killAllApps();
  for (const step of cleanUps.splice(0).reverse()) {
    try {
      await step();
    } catch (error) {
      process.stderr.write(`clean-up step failed: ${String(error)}\n`);
    }
  }
}

/** One block per drill on stdout, e.g. `[drill f] requests=120 201=96 ... missing=0`. */
export function printFigures(drill: string, figures: Record<string, unknown>): void {
  const text = Object.entries(figures)
    .map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' ');
  process.stdout.write(`\n[drill ${drill}] ${text}\n`);
}

export interface Shop {
  adminToken: string;
  productId: string;
  customer: { id: string; email: string; password: string; accessToken: string };
  /** A valid order body for one unit of the product. */
  orderBody(): { items: Array<{ productId: string; quantity: number }>; shippingAddress: typeof ADDRESS };
}

/** Sets a running app up for order traffic, through its API. */
export async function prepareShop(url: string, stock = 100_000): Promise<Shop> {
  const t = { http: () => request(url) };
  const adminToken = await loginAsAdmin(t);
  const product = await createProduct(t, adminToken, { stock, priceCents: 1000 });
  const customer = await registerCustomer(t);
  return {
    adminToken,
    productId: product.id,
    customer,
    orderBody: () => ({ items: [{ productId: product.id, quantity: 1 }], shippingAddress: ADDRESS }),
  };
}

/** The request ids the app's access log holds (LOG_LEVEL=info), with the log message of each. */
export function requestsSeenByApp(app: AppProcess): Map<string, string> {
  const seen = new Map<string, string>();
  for (const line of app.logLines()) {
    const id = (line.req as { id?: unknown } | undefined)?.id;
    if (typeof id === 'string') seen.set(id, String(line.msg));
  }
  return seen;
}
