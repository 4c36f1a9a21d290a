import {
  cleanUp,
  prepareShop,
  printFigures,
  runCleanUps,
  sleep,
  startApp,
  startLoad,
  startPostgres,
  type RequestRecord,
} from './harness';

const OUTAGE_MS = 3000;
/** After the database is back, requests sent later than this must all succeed. */
const RECOVERY_BUDGET_MS = 5000;

/**
 * Drill (b): the database goes away under load — `pg_ctl restart -m fast`, then a stop of
 * OUTAGE_MS and a start — while clients create orders, list and read them, and log in. The session
 * cache is off (SESSION_CACHE_TTL_SECONDS=0), so every request's session check needs the database.
 * While it is away the answer is 503 problem details with Retry-After, never a 401 (a client would
 * log its user out) nor a 500; the same process recovers by itself; every order that got a 201 is
 * whole (its lines, its history) and the stock ledger balances.
 */
describe('(b) database restart under load', () => {
  afterAll(runCleanUps);

  it('answers only 2xx or 503 with Retry-After while the database is away, and recovers without a restart', async () => {
    const pg = await startPostgres();
    cleanUp(() => pg.destroy());
    const app = await startApp({
      env: {
        DATABASE_URL: await pg.createDatabase('drill_b'),
        RATE_LIMIT_PER_MINUTE: '0',
        SESSION_CACHE_TTL_SECONDS: '0',
        // The load logs one customer in over and over, in parallel: the per-account login limiter
        // (attempts counted before the password is checked) is not what this drill is about.
        LOGIN_MAX_FAILURES: '1000000',
      },
    });
    cleanUp(() => app.stop());
    await app.waitReady();
    const shop = await prepareShop(app.url);
    const auth = { authorization: `Bearer ${shop.customer.accessToken}` };
    const first = await fetch(`${app.url}/api/v1/orders`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(shop.orderBody()),
    });
    const known = (await first.json()) as { id: string };

    const load = startLoad({
      url: app.url,
      clients: 7,
      intervalMs: 20,
      timeoutMs: 15_000,
      request: (client) => {
        if (client < 3) return { method: 'POST', path: '/api/v1/orders', headers: auth, body: shop.orderBody() };
        if (client < 5) return { path: '/api/v1/orders?limit=5', headers: auth };
        if (client === 5) return { path: `/api/v1/orders/${known.id}`, headers: auth };
        return {
          method: 'POST',
          path: '/api/v1/auth/login',
          body: { email: shop.customer.email, password: shop.customer.password },
        };
      },
    });
    await sleep(2000);
    const restartMs = await pg.restart();
    await sleep(2000);
    const stoppedAt = Date.now();
    await pg.stop('fast');
    await sleep(OUTAGE_MS);
    await pg.start();
    const backAt = Date.now();
    await sleep(RECOVERY_BUDGET_MS + 2000);
    const report = await load.stop();

    const records = report.records;
    const answered = records.filter((r) => r.outcome === 'response');
    const unexpected = answered.filter((r) => !(r.status! < 300 || r.status === 503));
    const bad503 = answered.filter((r) => r.status === 503 && !(isProblem(r) && Number(r.retryAfter) > 0));
    const notAnswered = records.filter((r) => r.outcome !== 'response');
    const lateFailures = records.filter(
      (r) => r.startedAt > backAt + RECOVERY_BUDGET_MS && r.status !== undefined && r.status >= 300,
    );
    const firstSuccessAfterBack = answered
      .filter((r) => r.startedAt >= backAt && r.status! < 300)
      .sort((a, b) => a.endedAt - b.endedAt)[0];
    const during = answered.filter((r) => r.startedAt >= stoppedAt && r.endedAt <= backAt);

    // Every acknowledged order is whole: readable with its line, and has its history.
    const created = answered
      .filter((r) => r.method === 'POST' && r.path === '/api/v1/orders' && r.status === 201)
      .map((r) => JSON.parse(r.body!) as { id: string });
    const broken: string[] = [];
    for (const order of created) {
      const [view, history] = await Promise.all([
        fetch(`${app.url}/api/v1/orders/${order.id}`, { headers: auth }),
        fetch(`${app.url}/api/v1/orders/${order.id}/history`, { headers: auth }),
      ]);
      const body = (await view.json()) as { items?: unknown[] };
      const historyLength = ((await history.json()) as { items?: unknown[] }).items?.length ?? 0;
      if (view.status !== 200 || body.items?.length !== 1 || history.status !== 200 || historyLength < 1) broken.push(order.id);
    }
    const check = await fetch(`${app.url}/api/v1/inventory/stock-check`, {
      headers: { authorization: `Bearer ${shop.adminToken}` },
    });
    const stock = (await check.json()) as { ok: boolean; negativeStock: number; ledgerMismatches: number };
    const exit = await app.stop();
    const unhandled = app
      .logLines()
      .filter((l) => l.msg === 'unhandled error')
      .map((l) => `${String((l.err as { type?: unknown })?.type)}: ${String((l.err as { message?: unknown })?.message)}`);

    printFigures('b', {
      requests: records.length,
      byStatus: report.byStatus,
      errors: report.byError,
      duringOutage: summarizeStatuses(during),
      restartMs,
      outageMs: backAt - stoppedAt,
      status401: answered.filter((r) => r.status === 401).length,
      status500: answered.filter((r) => r.status === 500).length,
      '503WithoutRetryAfterOrProblem': bad503.length,
      noResponse: notAnswered.length,
      recoveryMs: firstSuccessAfterBack ? firstSuccessAfterBack.endedAt - backAt : 'never',
      failuresAfterRecoveryBudget: lateFailures.length,
      ordersAcknowledged: created.length,
      ordersBroken: broken.length,
      stockCheckOk: stock.ok,
      exitCode: exit.code,
      samePid: app.pid,
      unhandledErrors: [...new Set(unhandled)],
    });

    expect(summarizeStatuses(unexpected)).toEqual({});
    expect(bad503.map((r) => `${r.retryAfter} ${r.contentType}`)).toEqual([]);
    expect(notAnswered.map((r) => r.error)).toEqual([]);
    expect(answered.filter((r) => r.status === 503).length).toBeGreaterThan(0); // the outage was real
    expect(firstSuccessAfterBack).toBeDefined();
    expect(lateFailures.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([]);
    expect(created.length).toBeGreaterThan(0);
    expect(broken).toEqual([]);
    expect(stock).toMatchObject({ ok: true, negativeStock: 0, ledgerMismatches: 0 });
    expect(exit.code).toBe(0);
  });
});

function isProblem(r: RequestRecord): boolean {
  if (!r.contentType?.startsWith('application/problem+json')) return false;
  try {
    const body = JSON.parse(r.body ?? '') as { status?: unknown; type?: unknown };
    return body.status === r.status && typeof body.type === 'string';
  } catch {
    return false;
  }
}

function summarizeStatuses(records: RequestRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) {
    const key = `${r.method} ${r.path.replace(/[0-9a-f-]{36}/, ':id').split('?')[0]} ${r.status}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
