import { cleanUp, prepareShop, printFigures, runCleanUps, sleep, startApp, startLoad, type RequestRecord } from './harness';
import { startStreamDrill, streamEntries, streamOutcome } from './stream-check';

/**
 * Drill (a): `kill -9` under create load, on an external PostgreSQL and Redis with EVENTS_STREAM=redis.
 * Round 1 lands the kill exactly between the relay's XADDs and the commit of its cursor
 * (RELAY_FAULT=kill-after-stream, test builds only); round 2 is a plain kill -9 from outside at an
 * arbitrary moment; round 3 restarts cleanly and lets the relay catch up. Then every 201 order has
 * its event and its history, and the stream holds every event of the feed exactly once, at `<seq>-0`.
 */
describe('(a) kill -9 under create load, including between the stream write and the commit', () => {
  afterAll(runCleanUps);

  it('streams every event exactly once, in seq order, and loses no acknowledged order', async () => {
    const drill = await startStreamDrill('a');
    const { pg, redis, env } = drill;
    const cursor = async () =>
      Number(
        (await pg.query<{ seq: string }>(`SELECT "seq" FROM "event_sink_cursors" WHERE "sink" = 'redis'`, [], drill.database))[0]
          ?.seq ?? 0,
      );

    // Round 1: the relay kills its own process after its appends, before its commit.
    const first = await startApp({ env: { ...env, RELAY_FAULT: 'kill-after-stream:40' } });
    cleanUp(() => first.stop());
    await first.waitReady();
    const shop = await prepareShop(first.url);
    const createOrder = () => ({
      method: 'POST',
      path: '/api/v1/orders',
      headers: { authorization: `Bearer ${shop.customer.accessToken}` },
      body: shop.orderBody(),
    });
    const records: RequestRecord[] = [];
    const load1 = startLoad({ url: first.url, clients: 4, request: createOrder });
    const exit1 = await Promise.race([first.exited, sleep(60_000).then(() => null)]);
    records.push(...(await load1.stop()).records);
    expect(exit1).toMatchObject({ signal: 'SIGKILL' });
    const streamedBeyondCursor = (await streamEntries(redis.url, drill.stream)).length - (await cursor());

    // Round 2: kill -9 from outside, wherever the relay happens to be.
    const second = await startApp({ env });
    cleanUp(() => second.stop());
    await second.waitReady();
    const load2 = startLoad({ url: second.url, clients: 4, request: createOrder });
    await sleep(2500);
    second.signal('SIGKILL');
    await second.exited;
    records.push(...(await load2.stop()).records);

    // Round 3: a clean start catches up, under a little more load.
    const third = await startApp({ env });
    cleanUp(() => third.stop());
    const recoveryMs = await third.waitReady();
    records.push(
      ...(await startLoad({ url: third.url, clients: 2, maxRequestsPerClient: 20, request: createOrder }).done).records,
    );
    const { catchUpMs, stream, acknowledged, lost, byStatus } = await streamOutcome(drill, records);
    await third.stop();

    printFigures('a', {
      requests: records.length,
      byStatus,
      ordersAcknowledged: acknowledged.length,
      ordersWithoutEventOrHistory: lost.length,
      streamedBeyondCursorAtKill: streamedBeyondCursor,
      ...stream,
      recoveryMs,
      catchUpMs,
    });

    expect(streamedBeyondCursor).toBeGreaterThan(0); // the kill did land between the appends and the commit
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(records.filter((r) => (r.status ?? 0) >= 500)).toEqual([]);
    expect(lost).toEqual([]);
    expect(stream).toMatchObject({ missing: 0, duplicates: 0, wrongPlace: 0, unknown: 0 });
    expect(stream.entriesInStream).toBe(stream.eventsInFeed);
  });
});
