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
 * BENCH_CUSTOMERS (16), BENCH_PRODUCTS (100), BENCH_OVERSELL_ORDERS (300).
 */
const { spawn, spawnSync } = require('node:child_process');
const { randomBytes, randomInt } = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');

const ROOT = path.resolve(__dirname, '..');
const HOST = '127.0.0.1';
const num = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback);
const CFG = {
  duration: num('BENCH_DURATION', 10),
  warmup: num('BENCH_WARMUP', 3),
  connections: num('BENCH_CONNECTIONS', 24),
  customers: num('BENCH_CUSTOMERS', 16),
  products: num('BENCH_PRODUCTS', 100),
  oversellOrders: num('BENCH_OVERSELL_ORDERS', 300),
  oversellStock: 29,
};
// BENCH_PROFILE=1: the first real-app process writes a V8 CPU profile (.cpuprofile) into bench/results/prof
// when it stops, and PostgreSQL sessions are sampled during the measured create-order runs.
const PROFILE_DIR = process.env.BENCH_PROFILE ? path.join(__dirname, 'results/prof') : undefined;
const HARD_DEADLINE_MS = 8 * 60 * 1000;
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

/** CPU of every PostgreSQL process (postmaster, backends, background workers) that exists now. */
function postgresCpuMs() {
  let ticks = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
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

async function freePort() {
  const net = require('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
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
  };
}

async function startRealApp(ctx) {
  const port = await freePort();
  const profile = PROFILE_DIR && !ctx.profiled ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  ctx.profiled = true;
  const child = startChild('real app', process.execPath, [...profile, 'dist/src/main.js'], realAppEnv(ctx, port));
  const base = `http://${HOST}:${port}`;
  await waitFor(async () => (await fetch(`${base}/health/ready`)).status === 200, 'real app', 90000, child);
  return { name: 'real', base, child, databaseUrl: ctx.databaseUrl };
}

async function startBaseline(ctx) {
  const port = await freePort();
  const child = startChild('baseline', process.execPath, ['bench/baseline/main.js'], {
    DATABASE_URL: ctx.databaseUrl,
    PORT: String(port),
    HOST,
  });
  const base = `http://${HOST}:${port}`;
  await waitFor(
    async () => (await fetch(`${base}/api/v1/orders/00000000-0000-4000-8000-000000000000`)).status === 404,
    'baseline',
    30000,
    child,
  );
  return { name: 'baseline', base, child, databaseUrl: ctx.databaseUrl };
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

// ---------------------------------------------------------------- report
function ratio(a, b) {
  return a === null || b === null || !b ? null : +(a / b).toFixed(2);
}

function printReport(results) {
  const { real, baseline } = results;
  const rows = [
    ['create-order: orders/s', real.create.perSecond, baseline.create.perSecond],
    ['create-order: p50 ms', real.create.p50Ms, baseline.create.p50Ms],
    ['create-order: p99 ms', real.create.p99Ms, baseline.create.p99Ms],
    ['create-order: app CPU ms/order', real.create.appCpuMsPerRequest, baseline.create.appCpuMsPerRequest],
    ['create-order: PostgreSQL CPU ms/order', real.create.pgCpuMsPerRequest, baseline.create.pgCpuMsPerRequest],
    ['get-order: req/s', real.get.perSecond, baseline.get.perSecond],
    ['get-order: p50 ms', real.get.p50Ms, baseline.get.p50Ms],
    ['get-order: p99 ms', real.get.p99Ms, baseline.get.p99Ms],
    ['get-order: app CPU ms/req', real.get.appCpuMsPerRequest, baseline.get.appCpuMsPerRequest],
    ['memory: RSS idle MB', real.memory.idle.rssMb, baseline.memory.idle.rssMb],
    ['memory: RSS after runs MB', real.memory.after.rssMb, baseline.memory.after.rssMb],
    ['memory: peak RSS MB', real.memory.after.peakRssMb, baseline.memory.after.peakRssMb],
  ];
  const header = ['metric', 'real app', 'baseline', 'real/baseline'];
  const table = [header, ...rows.map(([m, a, b]) => [m, String(a), String(b), String(ratio(a, b))])];
  const widths = header.map((_, c) => Math.max(...table.map((r) => r[c].length)));
  const line = (r) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  const out = [
    line(table[0]),
    `|${widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...table.slice(1).map(line),
  ];
  process.stdout.write(`\n${out.join('\n')}\n\n`);
  const o = results.oversell;
  process.stdout.write(
    `oversell: ${o.attempts} concurrent orders for ${o.initialStock} units → ${o.created} created, ${o.refused409} refused (409), ${o.other} other; final stock ${o.finalStock}  ${o.ok ? 'OK' : 'FAILED'}\n`,
  );
  const s = results.stockCheck;
  process.stdout.write(
    `stock-check after the load: ${s.products} products, negativeStock ${s.negativeStock}, ledgerMismatches ${s.ledgerMismatches}  ${s.negativeStock === 0 && s.ledgerMismatches === 0 ? 'OK' : 'FAILED'}\n`,
  );
}

// ---------------------------------------------------------------- main
async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist/src/main.js')))
    throw new Error('dist/ is missing: run `npm run build` first (or `npm run bench`)');
  const { startEmbeddedPostgres } = require(path.join(ROOT, 'dist/src/database/embedded-postgres.js'));
  const t0 = Date.now();
  log(
    `${os.cpus().length} CPUs, Node ${process.version}; ${CFG.duration} s per measured run after ${CFG.warmup} s warm-up, ${CFG.connections} connections`,
  );

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-bench-'));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const db = await startEmbeddedPostgres(tmp);
  cleanups.push(() => db.stop());
  const redis = await startRedis();
  const ctx = {
    tmp,
    databaseUrl: db.url,
    redisUrl: redis && redis.url,
    jwtSecret: randomBytes(48).toString('base64'),
    admin: {
      email: process.env.ADMIN_EMAIL || 'admin@example.com',
      password: process.env.ADMIN_PASSWORD || `bench-${randomBytes(6).toString('hex')}`,
    },
  };
  log(`PostgreSQL ${db.url.replace(/\/\/[^@]*@/, '//')}, Redis ${ctx.redisUrl || 'none (in-memory cache)'}`);

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

  // Integrity after all the load (the baseline writes ledger rows too).
  real = await startRealApp(ctx);
  const adminToken = await login(real.base, ctx.admin.email, ctx.admin.password);
  results.stockCheck = (await api(real.base, 'GET', '/api/v1/inventory/stock-check', { token: adminToken, expect: [200] })).body;
  await real.child.stop();

  results.ratios = {
    createOrdersPerSecond: ratio(realCreate.perSecond, baseCreate.perSecond),
    createP99: ratio(realCreate.p99Ms, baseCreate.p99Ms),
    createAppCpuPerOrder: ratio(realCreate.appCpuMsPerRequest, baseCreate.appCpuMsPerRequest),
    getRequestsPerSecond: ratio(realGet.perSecond, baseGet.perSecond),
    getP99: ratio(realGet.p99Ms, baseGet.p99Ms),
    rssAfterRuns: ratio(realAfter.rssMb, results.baseline.memory.after.rssMb),
  };
  results.elapsedSeconds = Math.round((Date.now() - t0) / 1000);
  printReport(results);
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results/latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(`results written to bench/results/latest.json (${results.elapsedSeconds} s)`);
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
