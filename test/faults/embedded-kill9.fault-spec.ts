import { join } from 'node:path';
import { stopLeftoverPostgres } from '../../src/database/leftover-postgres';
import { appFolder, cleanUp, postgresProcessesOn, prepareShop, printFigures, runCleanUps, sleep, startApp, startLoad } from './harness';

/**
 * Drill (f): the embedded default (no DATABASE_URL) is `kill -9`ed under order load. Its PostgreSQL
 * is orphaned and keeps running on the data folder; the next start must recognise it as its own,
 * stop it and come up on the same data, with every order that got a 201.
 */
describe('(f) embedded database: kill -9 of the app under load, then start again', () => {
  afterAll(runCleanUps);

  it('comes back on the same data folder with every order that was acknowledged', async () => {
    const cwd = appFolder('oms-drill-f-');
    const dataDir = join(cwd, '.data');
    // As `npm start`: no NODE_ENV, no DATABASE_URL, DATA_DIR=./.data in the working folder.
    const env = { NODE_ENV: undefined, LOG_LEVEL: 'info' };
    cleanUp(() => stopLeftoverPostgres(join(dataDir, 'pg'))); // whatever happens, no PostgreSQL is left behind
    const first = await startApp({ cwd, env });
    cleanUp(() => first.stop());
    const firstReadyMs = await first.waitReady();
    const shop = await prepareShop(first.url);

    const load = startLoad({
      url: first.url,
      clients: 4,
      request: () => ({
        method: 'POST',
        path: '/api/v1/orders',
        headers: { authorization: `Bearer ${shop.customer.accessToken}` },
        body: shop.orderBody(),
      }),
    });
    await sleep(2500);
    first.signal('SIGKILL');
    await first.exited;
    const report = await load.stop();
    const acknowledged = report.records.filter((r) => r.status === 201).map((r) => JSON.parse(r.body!) as { id: string; number: number });

    const orphans = postgresProcessesOn(dataDir);
    expect(orphans.length).toBeGreaterThan(0); // the scenario is real: PostgreSQL outlived its launcher

    const restartedAt = Date.now();
    const second = await startApp({ cwd, env });
    cleanUp(() => second.stop());
    const recoveryMs = await second.waitReady();
    expect(orphans.filter((pid) => isAlive(pid))).toEqual([]);
    const embeddedPhase = second.logLines().find((l) => l.phase === 'embedded-database');
    expect(embeddedPhase).toMatchObject({ leftover: { kind: 'stopped', pid: orphans[0] } });

    const missing: string[] = [];
    for (const order of acknowledged) {
      const res = await fetch(`${second.url}/api/v1/orders/${order.id}`, { headers: { authorization: `Bearer ${shop.customer.accessToken}` } });
      const body = (await res.json()) as { number?: number };
      if (res.status !== 200 || body.number !== order.number) missing.push(order.id);
    }
    const check = await fetch(`${second.url}/api/v1/inventory/stock-check`, { headers: { authorization: `Bearer ${shop.adminToken}` } });
    const stock = (await check.json()) as { ok: boolean; negativeStock: number; ledgerMismatches: number };

    const exit = await second.stop();
    printFigures('f', {
      requests: report.requests,
      byStatus: report.byStatus,
      failedAroundKill: report.noResponse + report.midResponse,
      acknowledged: acknowledged.length,
      foundAfterRestart: acknowledged.length - missing.length,
      missing: missing.length,
      orphanedPostgres: orphans.length,
      firstStartMs: firstReadyMs,
      recoveryMs,
      leftoverStopped: embeddedPhase?.leftover,
      secondsSinceKill: ((Date.now() - restartedAt) / 1000).toFixed(1),
      stockCheckOk: stock.ok,
      exitCode: exit.code,
    });

    expect(acknowledged.length).toBeGreaterThan(0);
    expect(report.byStatus['500'] ?? 0).toBe(0);
    expect(missing).toEqual([]);
    expect(stock).toMatchObject({ ok: true, negativeStock: 0, ledgerMismatches: 0 });
    expect(exit.code).toBe(0);
    expect(postgresProcessesOn(dataDir)).toEqual([]);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
