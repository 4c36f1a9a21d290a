import { cleanUp, prepareShop, printFigures, runCleanUps, sleep, startApp, startLoad, type RequestRecord } from './harness';
import { startStreamDrill, streamOutcome } from './stream-check';

/**
 * Drill (e): two instances on one PostgreSQL and Redis under create load from both, while the
 * relay's database connections are terminated (`pg_terminate_backend`) in the window between its
 * stream appends and its commit (widened with RELAY_FAULT=pause-after-stream, test builds only).
 * Then: the stream holds every event exactly once at `<seq>-0`, and a write on one instance is read
 * back at once on the other.
 */
describe('(e) two instances, relay connections terminated under load', () => {
  afterAll(runCleanUps);

  it('streams every event exactly once and reads its writes across instances', async () => {
    const drill = await startStreamDrill('e', { RELAY_FAULT: 'pause-after-stream:150' });
    const { pg, env } = drill;
    const one = await startApp({ env });
    cleanUp(() => one.stop());
    await one.waitReady();
    const two = await startApp({ env });
    cleanUp(() => two.stop());
    await two.waitReady();
    const shop = await prepareShop(one.url);
    const auth = { authorization: `Bearer ${shop.customer.accessToken}` };
    const admin = { authorization: `Bearer ${shop.adminToken}` };
    const createOrder = () => ({ method: 'POST', path: '/api/v1/orders', headers: auth, body: shop.orderBody() });

    const loads = [one, two].map((app) => startLoad({ url: app.url, clients: 2, request: createOrder }));
    // The relay's connection, idle in its transaction between the appends and the cursor commit.
    let terminated = 0;
    const startedAt = Date.now();
    while (Date.now() - startedAt < 5000 || (terminated < 3 && Date.now() - startedAt < 30_000)) {
      const rows = await pg.query<{ ok: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
          WHERE datname = 'drill_e' AND state = 'idle in transaction' AND query LIKE '%event_sink_cursors%'`,
      );
      terminated += rows.filter((r) => r.ok).length;
      await sleep(100);
    }
    const records: RequestRecord[] = [];
    for (const load of loads) records.push(...(await load.stop()).records);

    // Read-your-writes across the instances: create on one, read on the other; change on the other, read on the first.
    let stale = 0;
    let checks = 0;
    for (let i = 0; i < 20; i++) {
      const [writer, reader] = i % 2 ? [one, two] : [two, one];
      const created = await post(writer.url, '/api/v1/orders', auth, shop.orderBody());
      const read = await get(reader.url, `/api/v1/orders/${created.id as string}`, auth);
      checks++;
      if (read.status !== 'pending') stale++;
      await patch(reader.url, `/api/v1/orders/${created.id as string}/status`, admin, { status: 'confirmed' });
      const again = await get(writer.url, `/api/v1/orders/${created.id as string}`, auth);
      checks++;
      if (again.status !== 'confirmed') stale++;
    }

    const { catchUpMs, stream, acknowledged, lost, byStatus } = await streamOutcome(drill, records);
    const relayFailures = [one, two]
      .flatMap((app) => app.logLines())
      .filter((l) => /relay pass failed/.test(String(l.msg))).length;
    printFigures('e', {
      requests: records.length,
      byStatus,
      ordersAcknowledged: acknowledged.length,
      ordersWithoutEventOrHistory: lost.length,
      relayConnectionsTerminated: terminated,
      relayPassesFailed: relayFailures,
      ...stream,
      readYourWritesChecks: checks,
      staleReads: stale,
      catchUpMs,
    });

    expect(terminated).toBeGreaterThanOrEqual(3);
    expect(records.filter((r) => r.status !== 201)).toEqual([]);
    expect(lost).toEqual([]);
    expect(stream).toMatchObject({ missing: 0, duplicates: 0, wrongPlace: 0, unknown: 0 });
    expect(stream.entriesInStream).toBe(stream.eventsInFeed);
    expect(stale).toBe(0);
  });
});

async function send(
  method: string,
  url: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(url + path, {
    method,
    headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
const get = (url: string, path: string, headers: Record<string, string>) => send('GET', url, path, headers);
const post = (url: string, path: string, headers: Record<string, string>, body: unknown) =>
  send('POST', url, path, headers, body);
const patch = (url: string, path: string, headers: Record<string, string>, body: unknown) =>
  send('PATCH', url, path, headers, body);
