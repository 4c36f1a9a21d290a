'use strict';
/**
 * Load benchmark of the Order Management API against a minimal Nest-Express baseline doing the same
 * storage work (bench/baseline/main.js), measured in the same run on the same PostgreSQL and Redis.
 *
 *   npm run bench            (= nest build && node bench/run.js)
 *
 * Self-contained and bounded: an embedded PostgreSQL in a temp dir, a redis-server on a free port,
 * the real app (`node dist/src/main.js`) and the baseline as child processes on 127.0.0.1, autocannon
 * in this process; everything is stopped at the end, also on error or Ctrl-C.
 *
 * Phases: real app up (migrations) → seed customers/products through the API → real app: create,
 * read, memory, oversell → real app stopped → baseline: create, read, memory → real app restarted
 * for the integrity check (GET /inventory/stock-check). The app under test is the only server
 * running during its runs. Results: a table on stdout and bench/results/latest.json.
 *
 * Knobs (env): BENCH_DURATION (s per measured run, 10), BENCH_WARMUP (s, 3), BENCH_CONNECTIONS (24),
 * BENCH_CUSTOMERS (16), BENCH_PRODUCTS (100), BENCH_OVERSELL_ORDERS (300); BENCH_ONLY=startup|get-order|create
 * runs one part alone (see `only`).
 */
const { spawn, spawnSync } = require('node:child_process');
const { randomBytes, randomInt } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');
const { orderStatement } = require('./floor-sql');
const { freePort: freePortOn } = require('./lib/free-port');

const ROOT = path.resolve(__dirname, '..');
const HOST = '127.0.0.1';
const freePort = () => freePortOn(HOST);
const num = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const CFG = {
  duration: num('BENCH_DURATION', 10),
  warmup: num('BENCH_WARMUP', 3),
  connections: num('BENCH_CONNECTIONS', 24),
  customers: num('BENCH_CUSTOMERS', 16),
  products: num('BENCH_PRODUCTS', 100),
  oversellOrders: num('BENCH_OVERSELL_ORDERS', 300),
  oversellStock: 29,
  listSmall: num('BENCH_LIST_SMALL', 10_000),
  listLarge: num('BENCH_LIST_LARGE', 1_000_000),
};
// BENCH_PROFILE=1: the first real-app process writes a V8 CPU profile (.cpuprofile) into bench/results/prof
// when it stops, and PostgreSQL sessions are sampled during the measured create-order runs.
const PROFILE_DIR = process.env.BENCH_PROFILE ? path.join(__dirname, 'results/prof') : undefined;
const HARD_DEADLINE_MS = 15 * 60 * 1000;
const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

const log = (line) => process.stdout.write(`[bench] ${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- process bookkeeping and clean-up
const cleanups = []; // LIFO
let cleaningUp;
function cleanup() {
  cleaningUp ??= (async () => {
    while (cleanups.length > 0) {
      const fn = cleanups.pop();
      try {
        await fn();
      } catch (error) {
        log(`clean-up step failed: ${error.message}`);
      }
    }
  })();
  return cleaningUp;
}

async function stopChild(child, name) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), sleep(15000).then(() => true)]);
  if (timedOut) {
    log(`${name} (pid ${child.pid}) did not stop in 15 s; SIGKILL`);
    child.kill('SIGKILL');
    await exited;
  }
}

/** Starts a child, keeps the last lines of its output for error messages, registers its stop. */
function startChild(name, command, args, env) {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  const keep = (chunk) => {
    for (const line of String(chunk).split('\n')) if (line.trim()) tail.push(line);
    while (tail.length > 30) tail.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.outputTail = () => tail.join('\n');
  const stop = () => stopChild(child, name);
  cleanups.push(stop);
  child.stop = async () => {
    await stop();
    const i = cleanups.indexOf(stop);
    if (i >= 0) cleanups.splice(i, 1);
  };
  return child;
}

// ---------------------------------------------------------------- /proc readings
function cpuTicksOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of stat)
  } catch {
    return 0;
  }
}
const cpuMsOf = (pid) => (cpuTicksOf(pid) * 1000) / CLK_TCK;

/** The bench's own PostgreSQL: its postmaster's pid (from postmaster.pid), set once the cluster runs. */
let postmasterPid;
function notePostmaster(dataDir) {
  postmasterPid = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
}

/**
 * CPU of the bench's PostgreSQL: its postmaster, every child of it that exists now (backends, WAL
 * writer, checkpointer, …) and the children it reaped (cutime/cstime), so backends that ended
 * meanwhile, e.g. pgbench's, count too. Other clusters on the machine (other test runs) do not.
 */
function postgresCpuMs() {
  const ticksOf = (fields, withChildren) =>
    Number(fields[11]) + Number(fields[12]) + (withChildren ? Number(fields[13]) + Number(fields[14]) : 0);
  let ticks = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      if (pid === postmasterPid) ticks += ticksOf(fields, true);
      else if (Number(fields[1]) === postmasterPid) ticks += ticksOf(fields, false);
    } catch {
      // the process ended meanwhile
    }
  }
  return (ticks * 1000) / CLK_TCK;
}

function memoryMbOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number((status.match(new RegExp(`^${key}:\\s+(\\d+)`, 'm')) || [])[1] || 0);
  return { rssMb: +(kb('VmRSS') / 1024).toFixed(1), peakRssMb: +(kb('VmHWM') / 1024).toFixed(1) };
}

// ---------------------------------------------------------------- HTTP helpers
async function api(base, method, url, { token, body, expect } = {}) {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (expect && !expect.includes(response.status)) {
    throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return { status: response.status, body: json };
}

async function waitFor(check, what, timeoutMs, child) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null)
      throw new Error(`${what}: the process exited (${child.exitCode}):\n${child.outputTail()}`);
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not ready after ${timeoutMs} ms${child ? `:\n${child.outputTail()}` : ''}`);
    await sleep(200);
  }
}

// ---------------------------------------------------------------- the servers
async function startRedis() {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    log('no redis-server binary: the real app runs with its in-memory cache');
    return undefined;
  }
  const port = await freePort();
  const child = startChild(
    'redis-server',
    'redis-server',
    ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no'],
    {},
  );
  const net = require('node:net');
  await waitFor(
    () =>
      new Promise((resolve) => {
        const socket = net.connect(port, HOST, () => {
          socket.end();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      }),
    'redis-server',
    10000,
    child,
  );
  return { url: `redis://${HOST}:${port}`, child };
}

function realAppEnv(ctx, port) {
  return {
    NODE_ENV: 'production',
    HOST,
    PORT: String(port),
    DATABASE_URL: ctx.databaseUrl,
    ...(ctx.redisUrl ? { REDIS_URL: ctx.redisUrl } : {}),
    DATA_DIR: ctx.tmp,
    JWT_SECRET: ctx.jwtSecret,
    ADMIN_EMAIL: ctx.admin.email,
    ADMIN_PASSWORD: ctx.admin.password,
    RATE_LIMIT_PER_MINUTE: '0',
    LOGIN_MAX_FAILURES: '1000000',
    REGISTER_MAX_ATTEMPTS: '1000000',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    LOG_LEVEL: 'warn',
    SEED_DEMO_DATA: 'false',
    SHUTDOWN_DELAY_MS: '0',
    ...ctx.appEnv,
  };
}

/** The node flags `npm run start:prod` runs the app with (V8's heap cap): the app is measured as it is deployed. */
const START_FLAGS = /^node\s+(.*?)\s*dist\/src\/main\.js$/
  .exec(require('../package.json').scripts['start:prod'])[1]
  .split(/\s+/)
  .filter(Boolean);

async function startRealApp(ctx) {
  const port = await freePort();
  const profile = PROFILE_DIR && !ctx.profiled ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  ctx.profiled = true;
  const child = startChild('real app', process.execPath, [...profile, ...START_FLAGS, 'dist/src/main.js'], realAppEnv(ctx, port));
  const base = `http://${HOST}:${port}`;
  await waitFor(async () => (await fetch(`${base}/health/ready`)).status === 200, 'real app', 90000, child);
  return { name: 'real', base, child, databaseUrl: ctx.databaseUrl };
}

async function startBaseline(ctx, mode = 'baseline') {
  const port = await freePort();
  const child = startChild(mode, process.execPath, ['bench/baseline/main.js'], {
    DATABASE_URL: ctx.databaseUrl,
    PORT: String(port),
    HOST,
    BASELINE_MODE: mode,
  });
  const base = `http://${HOST}:${port}`;
  await waitFor(
    async () => (await fetch(`${base}/api/v1/orders/00000000-0000-4000-8000-000000000000`)).status === 404,
    mode,
    30000,
    child,
  );
  return { name: mode, base, child, databaseUrl: ctx.databaseUrl };
}

// ---------------------------------------------------------------- seeding (through the API)
async function inBatches(items, size, fn) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

async function login(base, email, password) {
  return (await api(base, 'POST', '/api/v1/auth/login', { body: { email, password }, expect: [200] })).body.accessToken;
}

async function seed(ctx, app) {
  const adminToken = await login(app.base, ctx.admin.email, ctx.admin.password);
  const runId = randomBytes(3).toString('hex');
  const customers = await inBatches(
    Array.from({ length: CFG.customers }, (_, i) => i),
    4,
    async (i) => {
      const email = `bench-${runId}-${i}@example.com`;
      const password = `bench-password-${i}`;
      const { body } = await api(app.base, 'POST', '/api/v1/auth/register', {
        body: { email, password, name: `Bench Customer ${i}` },
        expect: [201],
      });
      return { id: body.id, email, password, token: await login(app.base, email, password) };
    },
  );
  const products = await inBatches(
    Array.from({ length: CFG.products }, (_, i) => i),
    10,
    async (i) => {
      const { body } = await api(app.base, 'POST', '/api/v1/products', {
        token: adminToken,
        body: { sku: `BENCH-${runId}-${i}`, name: `Bench product ${i}`, priceCents: 500 + randomInt(10000), stock: 1_000_000 },
        expect: [201],
      });
      return body.id;
    },
  );
  const { body: scarce } = await api(app.base, 'POST', '/api/v1/products', {
    token: adminToken,
    body: { sku: `BENCH-${runId}-SCARCE`, name: 'Bench scarce product', priceCents: 1999, stock: CFG.oversellStock },
    expect: [201],
  });
  return { customers, products, scarceProductId: scarce.id };
}

// ---------------------------------------------------------------- scenarios
const ADDRESS = { fullName: 'Bench Customer', line1: '1 Load Street', city: 'Springfield', postalCode: '12345', country: 'US' };

function orderBody(productIds) {
  const n = 1 + randomInt(3);
  const picked = new Set();
  while (picked.size < n) picked.add(productIds[randomInt(productIds.length)]);
  return JSON.stringify({
    items: [...picked].map((productId) => ({ productId, quantity: 1 + randomInt(3) })),
    shippingAddress: ADDRESS,
    paymentMethod: 'card',
  });
}

function cannon(options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CFG.connections, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** A warm-up run (not counted), then a measured run with the server's (and PostgreSQL's) CPU deltas. */
async function measured(app, makeOptions, { settle, sampleSessions } = {}) {
  await cannon({ ...makeOptions(), duration: CFG.warmup });
  if (settle) await settle();
  const cpu0 = cpuMsOf(app.child.pid);
  const pg0 = postgresCpuMs();
  const started = process.hrtime.bigint();
  const sampler = sampleSessions && startSessionSampler(sampleSessions);
  const result = await cannon({ ...makeOptions(), duration: CFG.duration });
  const sessions = sampler && (await sampler.stop());
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (settle) await settle(); // work the requests left behind (events, projections) is part of their cost
  const cpuMs = cpuMsOf(app.child.pid) - cpu0;
  const pgMs = postgresCpuMs() - pg0;
  const ok = result['2xx'];
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    log(
      `  ${app.name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts (of ${result.requests.total})`,
    );
  }
  return {
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    perSecond: +(ok / seconds).toFixed(1),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    appCpuMsPerRequest: ok ? +(cpuMs / ok).toFixed(2) : null,
    pgCpuMsPerRequest: ok ? +(pgMs / ok).toFixed(2) : null,
    appCpuPercent: +((cpuMs / (seconds * 1000)) * 100).toFixed(0),
    ...(sessions ? { pgSessionSamples: sessions } : {}),
  };
}

/** Counts PostgreSQL client sessions by state / wait event every 50 ms (diagnostics, BENCH_PROFILE only). */
function startSessionSampler(databaseUrl) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: databaseUrl });
  const counts = {};
  let samples = 0;
  let running = true;
  const done = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query(
        `SELECT application_name AS app, state, coalesce(wait_event_type || ':' || wait_event, 'cpu') AS wait, count(*)::int AS n
           FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1, 2, 3`,
      );
      samples += 1;
      for (const r of rows)
        counts[`${r.app} | ${r.state} | ${r.wait}`] = (counts[`${r.app} | ${r.state} | ${r.wait}`] || 0) + r.n;
      await sleep(50);
    }
    await client.end();
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return Object.fromEntries(
        Object.entries(counts)
          .map(([k, v]) => [k, +(v / samples).toFixed(2)])
          .sort((a, b) => b[1] - a[1]),
      );
    },
  };
}

/** The real app works after answering (history projection, event relay); wait until that is done. */
async function drainEvents(app) {
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    const { body } = await api(app.base, 'GET', '/api/v1/health');
    if (body && body.eventBacklog === 0) return;
    await sleep(100);
  }
  log('  event backlog not drained after 20 s');
}

async function createScenario(app, seeded, created) {
  const makeOptions = () => ({
    url: app.base,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/orders',
        setupRequest: (request, context) => {
          const customer = seeded.customers[randomInt(seeded.customers.length)];
          context.token = customer.token;
          return {
            ...request,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${customer.token}` },
            body: orderBody(seeded.products),
          };
        },
        onResponse: (status, body, context) => {
          if (created && status === 201 && created.length < 2000) created.push({ id: JSON.parse(body).id, token: context.token });
        },
      },
    ],
  });
  return measured(app, makeOptions, {
    settle: app.name === 'real' ? () => drainEvents(app) : undefined,
    sampleSessions: PROFILE_DIR ? app.databaseUrl : undefined,
  });
}

async function getScenario(app, orders) {
  const makeOptions = () => ({
    url: app.base,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const order = orders[randomInt(orders.length)];
          return { ...request, path: `/api/v1/orders/${order.id}`, headers: { authorization: `Bearer ${order.token}` } };
        },
      },
    ],
  });
  return measured(app, makeOptions);
}

async function oversellScenario(app, seeded) {
  const attempts = Array.from({ length: CFG.oversellOrders }, (_, i) =>
    api(app.base, 'POST', '/api/v1/orders', {
      token: seeded.customers[i % seeded.customers.length].token,
      body: { items: [{ productId: seeded.scarceProductId, quantity: 1 }], shippingAddress: ADDRESS },
    }).then(
      (r) => r.status,
      () => 'error',
    ),
  );
  const statuses = await Promise.all(attempts);
  const count = (s) => statuses.filter((x) => x === s).length;
  const { body: product } = await api(app.base, 'GET', `/api/v1/products/${seeded.scarceProductId}`, {
    token: seeded.customers[0].token,
    expect: [200],
  });
  const result = {
    attempts: CFG.oversellOrders,
    initialStock: CFG.oversellStock,
    created: count(201),
    refused409: count(409),
    other: statuses.length - count(201) - count(409),
    finalStock: product.stock,
  };
  result.ok = result.created === CFG.oversellStock && result.finalStock === 0 && result.other === 0;
  return result;
}

/**
 * PostgreSQL's own ceiling: pgbench runs the floor's one-statement order (bench/floor-sql.js) with
 * the same number of clients, two lines per order over the seeded products. Product ids come from a
 * helper table (`bench_product_ids`), so each order also pays one tiny index lookup.
 */
async function pgbenchScenario(ctx, seeded) {
  if (spawnSync('pgbench', ['--version']).status !== 0) return { skipped: 'no pgbench binary (Debian: postgresql-client)' };
  const { Client } = require('pg');
  const client = new Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS "bench_product_ids"`);
    await client.query(`CREATE TABLE "bench_product_ids" ("n" int PRIMARY KEY, "id" uuid NOT NULL)`);
    await client.query(`INSERT INTO "bench_product_ids" SELECT n::int, id FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)`, [
      seeded.products,
    ]);
  } finally {
    await client.end();
  }
  const customer = seeded.customers[0].id;
  const sql = orderStatement({
    ids: `(SELECT array_agg("id" ORDER BY "n") FROM "bench_product_ids" WHERE "n" IN (:a, :b))`,
    quantities: `ARRAY[:qa, :qb]::int[]`,
    orderId: 'gen_random_uuid()',
    customerId: `'${customer}'::uuid`,
    currency: `'USD'`,
    shippingAddress: `'${JSON.stringify(ADDRESS)}'::jsonb`,
    shippingMethod: `'standard'`,
    paymentMethod: `'card'`,
    notes: 'NULL',
    actor: `'${JSON.stringify({ id: customer, role: 'customer' })}'::jsonb`,
  });
  const n = seeded.products.length;
  const script = path.join(ctx.tmp, 'order.pgbench.sql');
  // pgbench takes one line per command: the statement is folded onto one line.
  fs.writeFileSync(
    script,
    `\\set a random(1, ${n})\n\\set b (:a % ${n}) + 1\n\\set qa random(1, 3)\n\\set qb random(1, 3)\n${sql.replace(/\s+/g, ' ').trim()};\n`,
  );
  const run = (seconds) =>
    new Promise((resolve, reject) => {
      const child = spawn(
        'pgbench',
        ['-n', '-M', 'prepared', '-c', String(CFG.connections), '-j', '2', '-T', String(seconds), '-f', script, ctx.databaseUrl],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      child.stderr.on('data', (c) => (out += c));
      cleanups.push(() => stopChild(child, 'pgbench'));
      child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`pgbench exited ${code}:\n${out.slice(-2000)}`))));
    });
  await run(CFG.warmup);
  const pg0 = postgresCpuMs();
  const out = await run(CFG.duration);
  const pgMs = postgresCpuMs() - pg0;
  const tps = Number((out.match(/tps = ([\d.]+) \(without initial connection time\)/) || [])[1]);
  const transactions = Number((out.match(/number of transactions actually processed: (\d+)/) || [])[1]);
  const failed = Number((out.match(/number of failed transactions: (\d+)/) || [])[1] || 0);
  const latencyMs = Number((out.match(/latency average = ([\d.]+) ms/) || [])[1]);
  return {
    perSecond: +tps.toFixed(1),
    transactions,
    failed,
    latencyAverageMs: latencyMs,
    pgCpuMsPerRequest: transactions ? +(pgMs / transactions).toFixed(2) : null,
  };
}

/**
 * List depth: an admin's `GET /orders?status=pending&limit=20`, page 50 (reached by following
 * nextCursor 49 times), p99 under load with 10k orders in the table and again with 1M. Orders are
 * written by SQL (generate_series, one line each, one status in seven pending), not through the API.
 */
async function listDepthScenario(ctx, app, seeded) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  const adminToken = await login(app.base, ctx.admin.email, ctx.admin.password);
  const statuses = ['pending', 'confirmed', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded'];
  let written = 0;
  const fillTo = async (total) => {
    const t0 = Date.now();
    for (let from = written + 1; from <= total; from += 200_000) {
      const to = Math.min(total, from + 199_999);
      await client.query(
        `WITH o AS (
           INSERT INTO "orders" ("id", "customerId", "status", "paymentStatus", "currency", "subtotalCents", "taxCents",
                                 "shippingCents", "totalCents", "shippingAddress", "shippingMethod", "createdAt", "updatedAt")
           SELECT gen_random_uuid(), ($1::uuid[])[1 + i % cardinality($1::uuid[])], ($2::text[])[1 + i % 7], 'pending', 'USD',
                  1000 + i % 5000, 0, 0, 1000 + i % 5000, $3::jsonb, 'standard',
                  now() - make_interval(secs => i), now() - make_interval(secs => i)
             FROM generate_series($4::int, $5::int) AS i
           RETURNING "id", "totalCents")
         INSERT INTO "order_items" ("orderId", "position", "productId", "sku", "name", "unitPriceCents", "quantity", "lineTotalCents")
         SELECT o."id", 0, $6::uuid, 'BENCH-LIST', 'Bench list product', o."totalCents", 1, o."totalCents" FROM o`,
        [seeded.customers.map((c) => c.id), statuses, JSON.stringify(ADDRESS), from, to, seeded.products[0]],
      );
    }
    written = total;
    await client.query(`VACUUM ANALYZE "orders"`);
    await client.query(`VACUUM ANALYZE "order_items"`);
    return Date.now() - t0;
  };
  const page50 = async () => {
    let cursor;
    for (let page = 1; page < 50; page += 1) {
      const { body } = await api(
        app.base,
        'GET',
        `/api/v1/orders?status=pending&limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: adminToken, expect: [200] },
      );
      cursor = body.nextCursor;
      if (!cursor) throw new Error(`list depth: no page ${page + 1} of pending orders`);
    }
    return `/api/v1/orders?status=pending&limit=20&cursor=${encodeURIComponent(cursor)}`;
  };
  const measure = async () => {
    const url = await page50();
    const makeOptions = () => ({ url: `${app.base}${url}`, headers: { authorization: `Bearer ${adminToken}` } });
    return measured(app, makeOptions);
  };
  try {
    // Only the seeded orders count: the orders of the create runs are gone by now.
    await client.query(`TRUNCATE "orders" CASCADE`);
    const seedSmallMs = await fillTo(CFG.listSmall);
    log(`list depth: ${CFG.listSmall} orders written in ${seedSmallMs} ms; measuring page 50`);
    const small = await measure();
    const seedLargeMs = await fillTo(CFG.listLarge);
    log(`list depth: ${CFG.listLarge} orders written in ${Math.round(seedLargeMs / 1000)} s; measuring page 50`);
    const large = await measure();
    return { small: { orders: CFG.listSmall, ...small }, large: { orders: CFG.listLarge, ...large }, seedLargeMs };
  } finally {
    await client.end();
  }
}

/**
 * `npm start` as a user runs it, on the embedded default (no DATABASE_URL, no REDIS_URL) in a fresh
 * data folder: a first start (database init, migrations, demo data), then the second one, timed from
 * spawn to /health/ready answering 200.
 */
async function startupScenario() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-bench-start-'));
  cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const env = { ...process.env };
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'NODE_ENV', 'JWT_SECRET']) delete env[key];
  const once = async () => {
    const port = await freePort();
    const t0 = Date.now();
    // Its own process group: npm, its shell and node stop together.
    const child = spawn('npm', ['start'], {
      cwd: ROOT,
      env: { ...env, HOST, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let tail = '';
    const keep = (c) => (tail = (tail + c).slice(-3000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.outputTail = () => tail;
    const stop = async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      if (await Promise.race([exited.then(() => false), sleep(20000).then(() => true)])) process.kill(-child.pid, 'SIGKILL');
    };
    cleanups.push(stop);
    await waitFor(async () => (await fetch(`http://${HOST}:${port}/health/ready`)).status === 200, 'npm start', 120000, child);
    const readyMs = Date.now() - t0;
    const cpu = groupCpuMs(child.pid);
    await stop();
    return { readyMs, cpu };
  };
  const first = await once();
  const second = await once();
  // CPU until ready (npm and node; PostgreSQL apart): what a loaded machine stretches the wall time of.
  return { firstMs: first.readyMs, secondMs: second.readyMs, firstCpuMs: first.cpu, secondCpuMs: second.cpu };
}

/** CPU ms of the live processes of a process group, split into PostgreSQL's and the rest. */
function groupCpuMs(pgid) {
  const out = { node: 0, postgres: 0 };
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) continue; // field 5: pgrp
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      out[name.startsWith('postgres') ? 'postgres' : 'node'] += ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
    } catch {
      // gone meanwhile
    }
  }
  return { node: Math.round(out.node), postgres: Math.round(out.postgres) };
}

// ---------------------------------------------------------------- report
function ratio(a, b) {
  return a === null || a === undefined || b === null || b === undefined || !b ? null : +(a / b).toFixed(2);
}

function gitCommit() {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src', 'migrations', 'bench'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).stdout.trim();
  return head ? `${head}${dirty ? '+changes' : ''}` : null;
}

/**
 * The rows of bench/results.json: `{name, value, unit, baseline, ratio, target, met}`. A ratio
 * target compares value/baseline, an absolute one the value; rows without a target are context.
 */
function resultRows(results) {
  const { real, baseline, floor, pgbench, listDepth, startup } = results;
  const row = (name, value, unit, base, target) => {
    const r = ratio(value, base);
    let met = null;
    if (target) {
      const x = target.of === 'ratio' ? r : value;
      met =
        x === null || x === undefined
          ? false
          : target.op === '>='
            ? x >= target.value
            : target.op === '<='
              ? x <= target.value
              : x < target.value;
    }
    const targetText = target
      ? `${target.of === 'ratio' ? 'ratio ' : ''}${target.op.replace('>=', '≥').replace('<=', '≤')} ${target.value}${target.of === 'ratio' ? '' : ` ${unit}`}`
      : null;
    return { name, value: value ?? null, unit, baseline: base ?? null, ratio: r, target: targetText, met };
  };
  const ratioAtLeast = (value) => ({ of: 'ratio', op: '>=', value });
  const ratioAtMost = (value) => ({ of: 'ratio', op: '<=', value });
  const pg = pgbench && !pgbench.skipped ? pgbench : {};
  const count = (n) => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 1e3 === 0 ? `${n / 1e3}k` : String(n));
  return [
    row('create-order orders/s vs baseline', real.create.perSecond, 'orders/s', baseline.create.perSecond, ratioAtLeast(1.0)),
    row(
      'create-order app CPU vs baseline',
      real.create.appCpuMsPerRequest,
      'ms/order',
      baseline.create.appCpuMsPerRequest,
      ratioAtMost(1.5),
    ),
    row(
      'create-order PostgreSQL CPU vs baseline',
      real.create.pgCpuMsPerRequest,
      'ms/order',
      baseline.create.pgCpuMsPerRequest,
      ratioAtMost(1.0),
    ),
    row(
      'create-order orders/s vs floor (one statement)',
      real.create.perSecond,
      'orders/s',
      floor.create.perSecond,
      ratioAtLeast(0.6),
    ),
    row('create-order p99 vs baseline', real.create.p99Ms, 'ms', baseline.create.p99Ms),
    row('floor PostgreSQL CPU (context)', floor.create.pgCpuMsPerRequest, 'ms/order', baseline.create.pgCpuMsPerRequest),
    row('pgbench, the floor statement alone (context)', pg.perSecond, 'orders/s', floor.create.perSecond),
    row('pgbench PostgreSQL CPU (context)', pg.pgCpuMsPerRequest, 'ms/order', floor.create.pgCpuMsPerRequest),
    row('get-order (cache hit) req/s vs baseline', real.get.perSecond, 'req/s', baseline.get.perSecond, ratioAtLeast(1.0)),
    row(
      'get-order app CPU vs baseline',
      real.get.appCpuMsPerRequest,
      'ms/req',
      baseline.get.appCpuMsPerRequest,
      ratioAtMost(1.5),
    ),
    row(
      `list page 50 p99, ${count(listDepth.large.orders)} vs ${count(listDepth.small.orders)} orders`,
      listDepth.large.p99Ms,
      'ms',
      listDepth.small.p99Ms,
      ratioAtMost(1.5),
    ),
    row(
      `list page 50 req/s, ${count(listDepth.large.orders)} vs ${count(listDepth.small.orders)} orders (context)`,
      listDepth.large.perSecond,
      'req/s',
      listDepth.small.perSecond,
    ),
    row('peak RSS under load (baseline beside)', real.memory.after.peakRssMb, 'MB', baseline.memory.after.peakRssMb, {
      of: 'value',
      op: '<',
      value: 250,
    }),
    row('second npm start ready, embedded default', +(startup.secondMs / 1000).toFixed(2), 's', null, {
      of: 'value',
      op: '<',
      value: 3,
    }),
    row('first npm start ready, fresh data folder, dist current (context)', +(startup.firstMs / 1000).toFixed(2), 's', null),
  ];
}

function markdownTable(rows) {
  const header = ['row', 'app', 'baseline', 'ratio', 'target', 'met'];
  const cells = rows.map((r) => [
    r.name,
    r.value === null ? '—' : `${r.value} ${r.unit}`,
    r.baseline === null ? '—' : `${r.baseline} ${r.unit}`,
    r.ratio === null ? '—' : String(r.ratio),
    r.target ?? '—',
    r.met === null ? '—' : r.met ? 'met' : 'NOT met',
  ]);
  const widths = header.map((_, c) => Math.max(header[c].length, ...cells.map((r) => r[c].length)));
  const line = (r) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...cells.map(line),
  ].join('\n');
}

function printReport(results, rows) {
  process.stdout.write(`\n${markdownTable(rows)}\n\n`);
  const o = results.oversell;
  process.stdout.write(
    `oversell: ${o.attempts} concurrent orders for ${o.initialStock} units → ${o.created} created, ${o.refused409} refused (409), ${o.other} other; final stock ${o.finalStock}  ${o.ok ? 'OK' : 'FAILED'}\n`,
  );
  const s = results.stockCheck;
  process.stdout.write(
    `stock-check after the load: ${s.products} products, negativeStock ${s.negativeStock}, ledgerMismatches ${s.ledgerMismatches}  ${s.negativeStock === 0 && s.ledgerMismatches === 0 ? 'OK' : 'FAILED'}\n`,
  );
  const missed = rows.filter((r) => r.met === false).map((r) => r.name);
  process.stdout.write(
    `targets: ${rows.filter((r) => r.met === true).length} met, ${missed.length} not met${missed.length ? ` (${missed.join('; ')})` : ''}\n`,
  );
}

/** Rewrites the table between the markers in bench/README.md from results.json. */
function renderReadme(summary) {
  const file = path.join(__dirname, 'README.md');
  const text = fs.readFileSync(file, 'utf8');
  const begin = '<!-- results:begin -->';
  const end = '<!-- results:end -->';
  const m = summary.machine;
  const body = [
    begin,
    `Last run: ${summary.date.slice(0, 10)}, commit ${summary.commit}, ${m.cpus} × ${m.model}, Node ${m.node}, load average at start ${m.loadAverageAtStart.join(' ')}; ` +
      `${summary.config.duration} s per measured run after ${summary.config.warmup} s warm-up, ${summary.config.connections} connections.`,
    '',
    markdownTable(summary.rows),
    '',
    `Oversell: ${summary.oversell.attempts} concurrent orders for ${summary.oversell.initialStock} units → ${summary.oversell.created} created, final stock ${summary.oversell.finalStock}. ` +
      `Stock check after the load: negativeStock ${summary.stockCheck.negativeStock}, ledgerMismatches ${summary.stockCheck.ledgerMismatches}.`,
    end,
  ].join('\n');
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  const next =
    from >= 0 && to > from
      ? `${text.slice(0, from)}${body}${text.slice(to + end.length)}`
      : `${text.trimEnd()}\n\n## Latest results\n\n${body}\n`;
  fs.writeFileSync(file, next);
}

// ---------------------------------------------------------------- partial runs (BENCH_ONLY)
/**
 * BENCH_ONLY=startup: only the two `npm start`s (step 7). BENCH_ONLY=get-order: seed, write
 * BENCH_GET_ORDERS orders (500) through the API, then get-order on the real app and on the
 * baseline, both up at once and measured in turn BENCH_ROUNDS times (1), side by side. For working
 * on one row: the figures go to stdout and bench/results/only-<name>.json, never to results.json
 * or the README table. BENCH_ONLY=create: seed, then create-order on the real app (CPU until its
 * event backlog is 0, as in the full run; with its peak RSS) and on the baseline, one after the
 * other, BENCH_ROUNDS times.
 */
/**
 * What every run stands on: an embedded PostgreSQL in a temp folder and (when installed) a
 * redis-server, both stopped at the end, and a fresh JWT secret. Returns the run's context without
 * its admin (the caller's).
 */
async function startStorage() {
  const { startEmbeddedPostgres } = require(path.join(ROOT, 'dist/src/database/embedded-postgres.js'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-bench-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const db = await startEmbeddedPostgres(tmp);
  cleanups.push(() => db.stop());
  notePostmaster(tmp);
  const redis = await startRedis();
  return { tmp, databaseUrl: db.url, redisUrl: redis && redis.url, jwtSecret: randomBytes(48).toString('base64') };
}

async function only(name) {
  const results = { only: name, startedAt: new Date().toISOString(), loadAverageAtStart: os.loadavg().map((l) => +l.toFixed(2)) };
  if (name === 'startup') {
    log('npm start on the embedded default: first and second start');
    results.startup = await startupScenario();
    const { firstMs, secondMs, firstCpuMs, secondCpuMs } = results.startup;
    log(
      `first start ready in ${firstMs} ms (CPU: npm+node ${firstCpuMs.node} ms, PostgreSQL ${firstCpuMs.postgres} ms), second in ${secondMs} ms (CPU: npm+node ${secondCpuMs.node} ms, PostgreSQL ${secondCpuMs.postgres} ms)`,
    );
  } else if (name === 'get-order' || name === 'create') {
    const ctx = {
      ...(await startStorage()),
      admin: { email: 'admin@example.com', password: `bench-${randomBytes(6).toString('hex')}` },
      // Writing the orders one by one may take longer than the cache's 60 s on a busy machine: the
      // reads are to be cache hits, as in the full run, where they follow the create run at once.
      appEnv: { CACHE_TTL_SECONDS: '900' },
    };
    const real = await startRealApp(ctx);
    const seeded = await seed(ctx, real);
    if (name === 'create') {
      results.rounds = [];
      for (let round = 0; round < num('BENCH_ROUNDS', 1); round += 1) {
        const r = await createScenario(real, seeded, null);
        r.peakRssMb = memoryMbOf(real.child.pid).peakRssMb;
        await real.child.stop();
        const baseline = await startBaseline(ctx);
        const b = await createScenario(baseline, seeded, null);
        await baseline.child.stop();
        const line = {
          real: r,
          baseline: b,
          ordersPerSecondRatio: ratio(r.perSecond, b.perSecond),
          appCpuRatio: ratio(r.appCpuMsPerRequest, b.appCpuMsPerRequest),
          pgCpuRatio: ratio(r.pgCpuMsPerRequest, b.pgCpuMsPerRequest),
        };
        results.rounds.push(line);
        log(
          `round ${round + 1}: real ${r.perSecond} orders/s, app ${r.appCpuMsPerRequest} ms/order, PostgreSQL ${r.pgCpuMsPerRequest} ms/order, peak RSS ${r.peakRssMb} MB; ` +
            `baseline ${b.perSecond} orders/s, ${b.appCpuMsPerRequest}, ${b.pgCpuMsPerRequest} → ratios ${line.ordersPerSecondRatio} orders/s, ${line.appCpuRatio} app CPU, ${line.pgCpuRatio} PostgreSQL CPU`,
        );
        if (round + 1 < num('BENCH_ROUNDS', 1)) Object.assign(real, await startRealApp(ctx));
      }
      fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
      fs.writeFileSync(path.join(__dirname, `results/only-${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
      return 0;
    }
    const orders = await inBatches(
      Array.from({ length: num('BENCH_GET_ORDERS', 500) }, (_, i) => seeded.customers[i % seeded.customers.length]),
      8,
      async (customer) => {
        const { body } = await api(real.base, 'POST', '/api/v1/orders', {
          token: customer.token,
          body: JSON.parse(orderBody(seeded.products)),
          expect: [201],
        });
        return { id: body.id, token: customer.token };
      },
    );
    await drainEvents(real);
    const baseline = await startBaseline(ctx);
    results.rounds = [];
    for (let round = 0; round < num('BENCH_ROUNDS', 1); round += 1) {
      const r = await getScenario(real, orders);
      const b = await getScenario(baseline, orders);
      const line = {
        real: r,
        baseline: b,
        reqPerSecondRatio: ratio(r.perSecond, b.perSecond),
        appCpuRatio: ratio(r.appCpuMsPerRequest, b.appCpuMsPerRequest),
      };
      results.rounds.push(line);
      log(
        `round ${round + 1}: real ${r.perSecond} req/s ${r.appCpuMsPerRequest} ms/req, baseline ${b.perSecond} req/s ${b.appCpuMsPerRequest} ms/req → req/s ratio ${line.reqPerSecondRatio}, CPU ratio ${line.appCpuRatio}`,
      );
    }
  } else {
    throw new Error(`BENCH_ONLY=${name}: one of startup, get-order, create`);
  }
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, `results/only-${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  return 0;
}

// ---------------------------------------------------------------- main
async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist/src/main.js')))
    throw new Error('dist/ is missing: run `npm run build` first (or `npm run bench`)');
  if (process.env.BENCH_ONLY) return only(process.env.BENCH_ONLY);
  const t0 = Date.now();
  log(
    `${os.cpus().length} CPUs, Node ${process.version}; ${CFG.duration} s per measured run after ${CFG.warmup} s warm-up, ${CFG.connections} connections`,
  );

  const ctx = {
    ...(await startStorage()),
    admin: {
      email: process.env.ADMIN_EMAIL || 'admin@example.com',
      password: process.env.ADMIN_PASSWORD || `bench-${randomBytes(6).toString('hex')}`,
    },
  };
  log(`PostgreSQL ${ctx.databaseUrl.replace(/\/\/[^@]*@/, '//')}, Redis ${ctx.redisUrl || 'none (in-memory cache)'}`);

  const loadAverage = os.loadavg().map((l) => +l.toFixed(2));
  if (loadAverage[0] > 1)
    log(`note: load average is ${loadAverage.join(' ')} before the run; other work on this machine skews the numbers`);
  const results = {
    machine: { cpus: os.cpus().length, model: os.cpus()[0].model, node: process.version, loadAverageAtStart: loadAverage },
    config: CFG,
    startedAt: new Date().toISOString(),
  };

  // Real app: migrations, seed, measure.
  let real = await startRealApp(ctx);
  log(`real app up (${real.base}); seeding ${CFG.customers} customers, ${CFG.products + 1} products`);
  const seeded = await seed(ctx, real);
  const created = [];
  const realIdle = memoryMbOf(real.child.pid);
  log('real app: create-order');
  const realCreate = await createScenario(real, seeded, created);
  log(`real app: get-order (${created.length} orders)`);
  const realGet = await getScenario(real, created);
  const realAfter = memoryMbOf(real.child.pid);
  log(`real app: oversell (${CFG.oversellOrders} concurrent orders, ${CFG.oversellStock} units)`);
  results.oversell = await oversellScenario(real, seeded);
  results.real = { create: realCreate, get: realGet, memory: { idle: realIdle, after: realAfter } };
  await real.child.stop();

  // Baseline: same database, same requests; the real app is stopped meanwhile.
  const baseline = await startBaseline(ctx);
  log(`baseline up (${baseline.base})`);
  const baseIdle = memoryMbOf(baseline.child.pid);
  log('baseline: create-order');
  const baseCreate = await createScenario(baseline, seeded, null);
  log('baseline: get-order');
  const baseGet = await getScenario(baseline, created);
  results.baseline = { create: baseCreate, get: baseGet, memory: { idle: baseIdle, after: memoryMbOf(baseline.child.pid) } };
  await baseline.child.stop();

  // Floor: the same shell, the whole order as one statement.
  const floor = await startBaseline(ctx, 'floor');
  log(`floor up (${floor.base}); create-order`);
  results.floor = { create: await createScenario(floor, seeded, null) };
  await floor.child.stop();

  log("pgbench: the floor's statement, PostgreSQL alone");
  results.pgbench = await pgbenchScenario(ctx, seeded);
  if (results.pgbench.skipped) log(`pgbench skipped: ${results.pgbench.skipped}`);

  // Integrity after all the load (the baseline and the floor write ledger rows too), then list depth.
  real = await startRealApp(ctx);
  const adminToken = await login(real.base, ctx.admin.email, ctx.admin.password);
  results.stockCheck = (await api(real.base, 'GET', '/api/v1/inventory/stock-check', { token: adminToken, expect: [200] })).body;
  log(`list depth: page 50 of pending orders, ${CFG.listSmall} vs ${CFG.listLarge} orders`);
  results.listDepth = await listDepthScenario(ctx, real, seeded);
  await real.child.stop();

  log('npm start on the embedded default: first and second start');
  results.startup = await startupScenario();

  results.elapsedSeconds = Math.round((Date.now() - t0) / 1000);
  const report = resultRows(results);
  printReport(results, report);
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const summary = {
    machine: results.machine,
    date: results.startedAt,
    commit: gitCommit(),
    config: CFG,
    rows: report,
    oversell: results.oversell,
    stockCheck: results.stockCheck,
  };
  fs.writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
  renderReadme(summary);
  log(
    `results written to bench/results.json (rows), bench/results/latest.json (everything), bench/README.md (${results.elapsedSeconds} s)`,
  );
  const integrity = results.oversell.ok && results.stockCheck.negativeStock === 0 && results.stockCheck.ledgerMismatches === 0;
  return integrity ? 0 : 2;
}

const deadline = setTimeout(() => {
  log(`hard deadline of ${HARD_DEADLINE_MS / 1000} s reached; stopping everything`);
  cleanup().finally(() => process.exit(1));
}, HARD_DEADLINE_MS);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`${signal}: stopping everything`);
    cleanup().finally(() => process.exit(130));
  });
}

main()
  .then(async (code) => {
    await cleanup();
    clearTimeout(deadline);
    process.exit(code);
  })
  .catch(async (error) => {
    process.stderr.write(`[bench] FAILED: ${error && error.stack ? error.stack : error}\n`);
    await cleanup();
    clearTimeout(deadline);
    process.exit(1);
  });
