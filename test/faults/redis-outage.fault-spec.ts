import {
  cleanUp,
  prepareShop,
  printFigures,
  runCleanUps,
  sleep,
  startApp,
  startLoad,
  startPostgres,
  startRedis,
  type RequestRecord,
} from './harness';

const ORDERS = 12;
const OUTAGE_MS = 3000;
const AFTER_MS = 5000;

/**
 * Drill (c): Redis (with its data on disk) goes down under mixed load on two instances and comes
 * back *with its data* — the order entries it held from before the outage included. Orders are
 * edited on both instances throughout, every one of them at least once while Redis is down.
 * No request may fail, and no read may answer an order older than an edit acknowledged before the
 * read was sent (a stale read), on either instance, during the outage or after it.
 */
describe('(c) Redis down under load and back with its data', () => {
  afterAll(runCleanUps);

  it('fails no request and serves no stale order on either instance', async () => {
    const pg = await startPostgres();
    cleanUp(() => pg.destroy());
    const redis = await startRedis({ persistence: true });
    cleanUp(() => redis.destroy());
    const env = {
      DATABASE_URL: await pg.createDatabase('drill_c'),
      REDIS_URL: redis.url,
      JWT_SECRET: 'drill-c-shared-secret-of-both-instances',
      RATE_LIMIT_PER_MINUTE: '0',
      // Long enough that an entry from before the outage would still be alive after it.
      CACHE_TTL_SECONDS: '120',
    };
    const a = await startApp({ env });
    cleanUp(() => a.stop());
    await a.waitReady(); // the first one migrates the database
    const b = await startApp({ env });
    cleanUp(() => b.stop());
    await b.waitReady();
    const shop = await prepareShop(a.url);
    const auth = { authorization: `Bearer ${shop.customer.accessToken}` };
    const ids: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const res = await fetch(`${a.url}/api/v1/orders`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(shop.orderBody()),
      });
      ids.push(((await res.json()) as { id: string }).id);
    }
    // Every order is cached (Redis holds the entries the outage must not bring back).
    for (const url of [a.url, b.url]) for (const id of ids) await fetch(`${url}/api/v1/orders/${id}`, { headers: auth });

    const instances = [a.url, b.url];
    let edits = 0;
    const edit = (id: string) => ({
      method: 'PATCH',
      path: `/api/v1/orders/${id}`,
      headers: auth,
      body: { notes: `edit ${++edits}` },
    });
    const read = (id: string) => ({ path: `/api/v1/orders/${id}`, headers: auth });
    const pick = () => ids[Math.floor(Math.random() * ids.length)];
    // Readers on both instances; one slow editor per instance.
    const loads = instances.flatMap((url) => [
      startLoad({ url, clients: 3, intervalMs: 10, request: () => read(pick()) }),
      startLoad({ url, clients: 1, intervalMs: 150, request: () => edit(pick()) }),
    ]);
    await sleep(2000);

    await redis.stop();
    const downAt = Date.now();
    await sleep(500);
    // Every order edited while Redis is down, alternately on each instance.
    const outageEdits = await Promise.all(
      ids.map((id, i) => startLoad({ url: instances[i % 2], clients: 1, maxRequestsPerClient: 1, request: () => edit(id) }).done),
    );
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
    await redis.start();
    const upAt = Date.now();
    // Right after it is back: every order read on both instances, again and again.
    const sweep = instances.map((url) =>
      startLoad({ url, clients: 2, intervalMs: 5, request: (client, n) => read(ids[(n * 2 + client) % ids.length]) }),
    );
    await sleep(AFTER_MS);
    const reports = await Promise.all([...loads, ...sweep].map((l) => l.stop()));
    const records = [...reports.flatMap((r) => r.records), ...outageEdits.flatMap((r) => r.records)];

    // Final state: each order read on both instances equals what the database holds.
    const finalStale: string[] = [];
    for (const id of ids) {
      const [row] = await pg.query<{ version: number }>(`SELECT "version" FROM "orders" WHERE "id" = $1`, [id], 'drill_c');
      for (const url of instances) {
        const res = await fetch(`${url}/api/v1/orders/${id}`, { headers: auth });
        const body = (await res.json()) as { version?: number };
        if (body.version !== row.version) finalStale.push(`${id}@${url}: ${body.version} < ${row.version}`);
      }
    }

    const failed = records.filter((r) => r.outcome !== 'response' || r.status! >= 300);
    const stale = staleReads(records);
    const readsAfter = records.filter((r) => r.method === 'GET' && r.startedAt >= upAt);
    printFigures('c', {
      requests: records.length,
      byStatus: countBy(records, (r) => String(r.status ?? r.error)),
      reads: records.filter((r) => r.method === 'GET').length,
      edits: records.filter((r) => r.method === 'PATCH').length,
      editsDuringOutage: records.filter(
        (r) => r.method === 'PATCH' && r.startedAt >= downAt && r.endedAt <= upAt && r.status === 200,
      ).length,
      readsAfterRedisBack: readsAfter.length,
      failed: failed.length,
      staleReads: stale.length,
      staleReadsAfterRedisBack: stale.filter((s) => s.read.startedAt >= upAt).length,
      staleExample: stale[0]
        ? `${stale[0].read.path} got v${stale[0].got}, v${stale[0].acknowledged} acknowledged before`
        : undefined,
      finalStale: finalStale.length,
      cacheTrustedAgainLines: [a, b].map(
        (app) => app.logLines().filter((l) => String(l.msg).startsWith('cache trusted again')).length,
      ),
    });

    expect(failed.map((r) => `${r.method} ${r.path} ${r.status ?? r.error}`)).toEqual([]);
    expect(outageEdits.every((r) => r.byStatus['200'] === 1)).toBe(true);
    expect(readsAfter.length).toBeGreaterThan(2 * ORDERS); // every order read on both instances after Redis was back
    expect(stale.map((s) => `${s.read.path} v${s.got} < v${s.acknowledged}`)).toEqual([]);
    expect(finalStale).toEqual([]);
  });
});

/** Reads that answered a version older than one an edit of the same order acknowledged before the read was sent. */
function staleReads(records: RequestRecord[]): Array<{ read: RequestRecord; got: number; acknowledged: number }> {
  const acks = new Map<string, Array<{ at: number; version: number }>>();
  for (const r of records) {
    if (r.method !== 'PATCH' || r.status !== 200) continue;
    const list = acks.get(r.path) ?? [];
    list.push({ at: r.endedAt, version: (JSON.parse(r.body!) as { version: number }).version });
    acks.set(r.path, list);
  }
  const stale: Array<{ read: RequestRecord; got: number; acknowledged: number }> = [];
  for (const read of records) {
    if (read.method !== 'GET' || read.status !== 200) continue;
    const got = (JSON.parse(read.body!) as { version: number }).version;
    const acknowledged = Math.max(0, ...(acks.get(read.path) ?? []).filter((a) => a.at < read.startedAt).map((a) => a.version));
    if (got < acknowledged) stale.push({ read, got, acknowledged });
  }
  return stale;
}

function countBy(records: RequestRecord[], key: (r: RequestRecord) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) counts[key(r)] = (counts[key(r)] ?? 0) + 1;
  return counts;
}
