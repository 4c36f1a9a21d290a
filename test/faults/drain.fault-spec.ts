import {
  cleanUp,
  prepareShop,
  printFigures,
  requestsSeenByApp,
  runCleanUps,
  sleep,
  startApp,
  startLoad,
  startPostgres,
  type RequestRecord,
} from './harness';

const DELAY_MS = 1500;
const GRACE_MS = 4000;

/**
 * Drill (d): SIGTERM while keep-alive clients are busy — six sockets sending one request per second
 * each, plus two clients creating orders back to back. Every request must either get its whole
 * response or never have started (refused, or closed unstarted: the app never logged it); readiness
 * answers 503 from the signal on; the process exits 0 within SHUTDOWN_DELAY_MS + SHUTDOWN_GRACE_MS.
 */
describe('(d) SIGTERM with busy keep-alive clients', () => {
  afterAll(runCleanUps);

  it('ends every connection, cuts no response short, and exits 0 within the grace period', async () => {
    const pg = await startPostgres();
    cleanUp(() => pg.destroy());
    const app = await startApp({
      env: {
        DATABASE_URL: await pg.createDatabase('drill_d'),
        SHUTDOWN_DELAY_MS: String(DELAY_MS),
        SHUTDOWN_GRACE_MS: String(GRACE_MS),
        RATE_LIMIT_PER_MINUTE: '0',
      },
    });
    cleanUp(() => app.stop());
    await app.waitReady();
    const shop = await prepareShop(app.url);
    const auth = { authorization: `Bearer ${shop.customer.accessToken}` };
    const createOrder = () => ({ method: 'POST', path: '/api/v1/orders', headers: auth, body: shop.orderBody() });

    const keepAliveClients = startLoad({
      url: app.url,
      clients: 6,
      intervalMs: 1000,
      request: (client) => (client % 2 ? createOrder() : { path: '/api/v1/orders?limit=5', headers: auth }),
    });
    const busyClients = startLoad({ url: app.url, clients: 2, request: createOrder });
    const readiness = startLoad({ url: app.url, clients: 1, intervalMs: 100, keepAlive: false, request: () => ({ path: '/health/ready' }) });
    await sleep(3000);

    const signalledAt = Date.now();
    app.signal('SIGTERM');
    const exit = await app.exited;
    await sleep(300);
    const [slow, busy, ready] = await Promise.all([keepAliveClients.stop(), busyClients.stop(), readiness.stop()]);

    const traffic = [...slow.records, ...busy.records];
    const seen = requestsSeenByApp(app);
    const lost = traffic.filter((r) => r.outcome === 'mid-response' || (r.outcome === 'no-response' && seen.has(r.id)));
    const neverStarted = traffic.filter((r) => r.outcome === 'no-response' && !seen.has(r.id));
    // Requests sent once the app had surely seen the signal must be answered with Connection: close.
    const afterSignal = traffic.filter((r) => r.outcome === 'response' && r.startedAt > signalledAt + 200);
    const keptAliveAfterSignal = afterSignal.filter((r) => r.connection !== 'close');
    const readinessAfterSignal = ready.records.filter((r) => r.startedAt > signalledAt + 200 && r.outcome === 'response');
    const drainLine = app.logLines().find((l) => l.phase === 'drain' && 'forcedConnections' in l);
    const count = (records: RequestRecord[], status: number) => records.filter((r) => r.status === status).length;

    printFigures('d', {
      requests: traffic.length,
      byStatus: mergeCounts(slow.byStatus, busy.byStatus),
      errors: mergeCounts(slow.byError, busy.byError),
      servedAfterSignal: afterSignal.length,
      connectionCloseAfterSignal: afterSignal.length - keptAliveAfterSignal.length,
      keptAliveAfterSignal: keptAliveAfterSignal.length,
      neverStarted: neverStarted.length,
      cutShort: lost.length,
      readiness503AfterSignal: count(readinessAfterSignal, 503),
      readiness200AfterSignal: count(readinessAfterSignal, 200),
      drainMs: drainLine?.durationMs,
      forcedConnections: drainLine?.forcedConnections,
      exitCode: exit.code,
      exitAfterMs: exit.at - signalledAt,
      budgetMs: DELAY_MS + GRACE_MS,
    });

    expect(lost).toEqual([]);
    expect(traffic.filter((r) => (r.status ?? 0) >= 500)).toEqual([]);
    expect(afterSignal.length).toBeGreaterThan(0); // the drill did serve during the delay
    expect(keptAliveAfterSignal).toEqual([]);
    expect(count(readinessAfterSignal, 503)).toBeGreaterThan(0);
    expect(count(readinessAfterSignal, 200)).toBe(0);
    expect(exit.code).toBe(0);
    expect(exit.at - signalledAt).toBeLessThan(DELAY_MS + GRACE_MS + 4000); // + closing pools on a busy machine
  });
});

function mergeCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const merged = { ...a };
  for (const [k, v] of Object.entries(b)) merged[k] = (merged[k] ?? 0) + v;
  return merged;
}
