import { createClient } from '@redis/client';
import type { PostgresServer, RedisServer, RequestRecord } from './harness';
import { cleanUp, sleep, startPostgres, startRedis } from './harness';

/** What the Redis stream holds against what the feed holds, after the relay has caught up. */
export interface StreamFigures {
  eventsInFeed: number;
  entriesInStream: number;
  /** Feed events with no stream entry. */
  missing: number;
  /** Event ids on the stream more than once. */
  duplicates: number;
  /** Entries whose id is not `<seq>-0` of the event they carry (out of `seq` order). */
  wrongPlace: number;
  /** Entries of no event of the feed. */
  unknown: number;
}

/** Waits until every event is sequenced and the Redis sink's cursor is past the last one. */
export async function waitForRelay(pg: PostgresServer, database: string, timeoutMs = 60_000): Promise<number> {
  const startedAt = Date.now();
  for (;;) {
    const [{ n }] = await pg.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "events"
        WHERE "seq" IS NULL OR "seq" > coalesce((SELECT "seq" FROM "event_sink_cursors" WHERE "sink" = 'redis'), 0)`,
      [],
      database,
    );
    if (n === 0) return Date.now() - startedAt;
    if (Date.now() - startedAt > timeoutMs) throw new Error(`${n} event(s) still not streamed after ${timeoutMs} ms`);
    await sleep(200);
  }
}

export async function streamEntries(
  redisUrl: string,
  key: string,
): Promise<Array<{ id: string; message: Record<string, string> }>> {
  const redis = createClient({ url: redisUrl });
  await redis.connect();
  try {
    return (await redis.xRange(key, '-', '+')) as Array<{ id: string; message: Record<string, string> }>;
  } finally {
    await redis.close();
  }
}

/** Compares the whole feed with the whole stream: every event exactly once, at the entry id of its `seq`. */
export async function compareStream(pg: PostgresServer, database: string, redisUrl: string, key: string): Promise<StreamFigures> {
  const events = await pg.query<{ id: string; seq: string }>(
    `SELECT "id", "seq"::text AS seq FROM "events" WHERE "seq" IS NOT NULL`,
    [],
    database,
  );
  const seqOf = new Map(events.map((e) => [e.id, e.seq]));
  const entries = await streamEntries(redisUrl, key);
  const seen = new Map<string, number>();
  for (const entry of entries) seen.set(entry.message.id, (seen.get(entry.message.id) ?? 0) + 1);
  return {
    eventsInFeed: events.length,
    entriesInStream: entries.length,
    missing: events.filter((e) => !seen.has(e.id)).length,
    duplicates: [...seen.values()].filter((n) => n > 1).length,
    wrongPlace: entries.filter((e) => seqOf.has(e.message.id) && e.id !== `${seqOf.get(e.message.id)}-0`).length,
    unknown: entries.filter((e) => !seqOf.has(e.message.id)).length,
  };
}

/** Orders that got a 201 but have no `order.created` event or no history row. */
export async function ordersWithoutEventOrHistory(pg: PostgresServer, database: string, orderIds: string[]): Promise<string[]> {
  const rows = await pg.query<{ id: string }>(
    `SELECT o.id FROM unnest($1::uuid[]) o(id)
      WHERE NOT EXISTS (SELECT 1 FROM "events" e WHERE e."aggregateId" = o.id AND e."type" = 'order.created')
         OR NOT EXISTS (SELECT 1 FROM "order_history" h WHERE h."orderId" = o.id)`,
    [orderIds],
    database,
  );
  return rows.map((r) => r.id);
}

/** A relay drill's infrastructure: its own PostgreSQL (database `drill_<name>`) and Redis, both torn down by runCleanUps. */
export interface StreamDrill {
  pg: PostgresServer;
  redis: RedisServer;
  database: string;
  /** Key of the Redis stream the relay writes. */
  stream: string;
  /** The app's environment: that database and Redis, EVENTS_STREAM=redis, a fast relay, no rate limit. */
  env: Record<string, string>;
}

/** Starts PostgreSQL and Redis for drill `name` (e.g. 'a' → database drill_a, stream drill.a.events). */
export async function startStreamDrill(name: string, env: Record<string, string> = {}): Promise<StreamDrill> {
  const pg = await startPostgres();
  cleanUp(() => pg.destroy());
  const redis = await startRedis();
  cleanUp(() => redis.destroy());
  const database = `drill_${name}`;
  const stream = `drill.${name}.events`;
  return {
    pg,
    redis,
    database,
    stream,
    env: {
      DATABASE_URL: await pg.createDatabase(database),
      REDIS_URL: redis.url,
      EVENTS_STREAM: 'redis',
      EVENTS_STREAM_KEY: stream,
      EVENTS_RELAY_INTERVAL_MS: '200',
      JWT_SECRET: `drill-${name}-`.repeat(6),
      RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    },
  };
}

/** After the load: waits for the relay, compares the stream with the feed and checks every 201 order kept its event and history. */
export async function streamOutcome(drill: StreamDrill, records: RequestRecord[]) {
  const catchUpMs = await waitForRelay(drill.pg, drill.database);
  const stream = await compareStream(drill.pg, drill.database, drill.redis.url, drill.stream);
  const acknowledged = records.filter((r) => r.status === 201).map((r) => (JSON.parse(r.body!) as { id: string }).id);
  const lost = await ordersWithoutEventOrHistory(drill.pg, drill.database, acknowledged);
  const byStatus: Record<string, number> = {};
  for (const r of records) byStatus[r.status ?? r.outcome] = (byStatus[r.status ?? r.outcome] ?? 0) + 1;
  return { catchUpMs, stream, acknowledged, lost, byStatus };
}
