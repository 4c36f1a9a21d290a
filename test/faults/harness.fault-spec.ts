import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { cleanUp, runCleanUps, startLoad, startPostgres, startRedis } from './harness';

/** The harness itself: what drills rely on does what it says. */
describe('fault-drill harness', () => {
  afterAll(runCleanUps);

  it('owns a PostgreSQL that keeps its data across pg_ctl restart and a stop/start', async () => {
    const pg = await startPostgres();
    cleanUp(() => pg.destroy());
    const url = await pg.createDatabase('harness');
    expect(url).toMatch(/\/harness$/);
    await pg.query('CREATE TABLE t (v int); INSERT INTO t VALUES (42)', [], 'harness');
    const restartMs = await pg.restart();
    expect(restartMs).toBeGreaterThan(0);
    await pg.stop('fast');
    await expect(pg.query('SELECT 1')).rejects.toThrow();
    await pg.start();
    expect(await pg.query('SELECT v FROM t', [], 'harness')).toEqual([{ v: 42 }]);
  });

  it('owns a redis-server that comes back with its data', async () => {
    const redis = await startRedis();
    cleanUp(() => redis.destroy());
    const cli = (...args: string[]) => spawnSync('redis-cli', ['-p', String(redis.port), ...args], { encoding: 'utf8' }).stdout.trim();
    expect(cli('SET', 'drill:key', 'kept')).toBe('OK');
    await redis.stop();
    expect(cli('PING')).not.toBe('PONG');
    await redis.start();
    expect(cli('GET', 'drill:key')).toBe('kept');
  });

  it('records every request of a bounded load: statuses, sockets reused, refusals', async () => {
    let n = 0;
    const server = createServer((req, res) => res.writeHead(++n % 2 ? 200 : 404).end('x'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    const load = startLoad({ url: `http://127.0.0.1:${port}`, clients: 3, maxRequestsPerClient: 4, request: () => ({ path: '/' }) });
    const report = await load.done;
    expect(report.requests).toBe(12);
    expect(report.byStatus).toEqual({ '200': 6, '404': 6 });
    expect(new Set(report.records.map((r) => r.socket)).size).toBe(3); // keep-alive: one socket per client
    await new Promise((r) => server.close(r));
    const refused = await startLoad({ url: `http://127.0.0.1:${port}`, clients: 1, maxRequestsPerClient: 1, request: () => ({ path: '/' }) }).done;
    expect(refused).toMatchObject({ requests: 1, noResponse: 1, byError: { ECONNREFUSED: 1 } });
  });
});
