import { randomUUID } from 'node:crypto';
import type { Actor } from '../src/common/auth/auth-user';
import { InsufficientStockError, ProductsUnavailableError } from '../src/inventory/domain/inventory.errors';
import { StockReservations } from '../src/inventory/stock/stock-reservations';
import { loginAsAdmin, registerCustomer } from './support/auth';
import { createProduct, stockCheck } from './support/inventory';
import { startTestApp, TestApp } from './support/test-app';

describe('Inventory: the stock ledger and its integrity', () => {
  let t: TestApp;
  let admin: string;
  let customer: string;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
    admin = await loginAsAdmin(t);
    customer = (await registerCustomer(t)).accessToken;
  });
  afterAll(async () => {
    // The suite's invariant: whatever ran, nothing is negative and the ledger matches the stock.
    if (t) expect(await stockCheck(t, admin)).toMatchObject({ negativeStock: 0, ledgerMismatches: 0 });
    await t?.close();
  });

  const adjust = (productId: string, delta: number, reason = 'count') =>
    t.http().post(`/api/v1/products/${productId}/stock-adjustments`).auth(admin, { type: 'bearer' }).send({ delta, reason });
  const getProduct = async (productId: string) =>
    (await t.http().get(`/api/v1/products/${productId}`).auth(admin, { type: 'bearer' }).expect(200)).body as { stock: number; version: number };
  const ledgerSum = async (productId: string) =>
    Number((await t.dataSource.query(`SELECT coalesce(sum("delta"), 0) AS s FROM "stock_movements" WHERE "productId" = $1`, [productId]))[0].s);

  it('an adjustment answers 201 with its ledger movement and Location; the ledger lists it newest first', async () => {
    const product = await createProduct(t, admin, { stock: 5 });
    const res = await adjust(product.id, -2, 'damaged in transit').expect(201);
    expect(res.body).toMatchObject({ productId: product.id, delta: -2, reason: 'adjustment', note: 'damaged in transit', stockAfter: 3, orderId: null });
    expect(res.headers.location).toBe(`/api/v1/products/${product.id}/stock-movements/${res.body.id}`);
    await t.http().get(res.headers.location).auth(admin, { type: 'bearer' }).expect(200);
    expect(await getProduct(product.id)).toMatchObject({ stock: 3, version: 1 });

    const ledger = await t.http().get(`/api/v1/products/${product.id}/stock-movements?limit=1`).auth(admin, { type: 'bearer' }).expect(200);
    expect(ledger.body.items).toEqual([expect.objectContaining({ delta: -2, reason: 'adjustment' })]);
    const next = await t.http().get(`/api/v1/products/${product.id}/stock-movements?limit=1&cursor=${ledger.body.nextCursor}`).auth(admin, { type: 'bearer' }).expect(200);
    expect(next.body).toEqual({ items: [expect.objectContaining({ delta: 5, reason: 'initial' })], nextCursor: null });

    const events = await t.dataSource.query(`SELECT "payload" FROM "events" WHERE "aggregateId" = $1 AND "type" = 'stock.adjusted'`, [product.id]);
    expect(events).toEqual([{ payload: expect.objectContaining({ delta: -2, stockAfter: 3, reason: 'damaged in transit' }) }]);
  });

  it('an adjustment that would take the stock below 0 is 409 with the stock issue, and changes nothing', async () => {
    const product = await createProduct(t, admin, { stock: 2 });
    const res = await adjust(product.id, -3).expect(409);
    expect(res.body.stockIssues).toEqual([expect.objectContaining({ productId: product.id, requested: 3, available: 2 })]);
    expect((await getProduct(product.id)).stock).toBe(2);
    expect(await ledgerSum(product.id)).toBe(2);
  });

  it('rejects a zero, fractional or missing delta, and a missing reason, with 400; an unknown product is 404', async () => {
    const product = await createProduct(t, admin);
    for (const body of [{ delta: 0, reason: 'x' }, { delta: 1.5, reason: 'x' }, { reason: 'x' }, { delta: 1 }, { delta: 1, reason: 'x', extra: true }]) {
      await t.http().post(`/api/v1/products/${product.id}/stock-adjustments`).auth(admin, { type: 'bearer' }).send(body).expect(400);
    }
    await adjust(randomUUID(), 1).expect(404);
  });

  it('100 parallel adjustments of ±1 end at the arithmetic result, with a ledger that sums to it', async () => {
    const product = await createProduct(t, admin, { stock: 50 });
    // 50 removals can never overdraw a stock of 50, so every adjustment must apply: 50 - 50 + 50 = 50.
    const deltas = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? -1 : 1));
    const results = await Promise.all(deltas.map((delta) => adjust(product.id, delta)));
    expect(results.map((r) => r.status)).toEqual(deltas.map(() => 201));
    expect((await getProduct(product.id)).stock).toBe(50);
    expect(await ledgerSum(product.id)).toBe(50);
    const [{ min }] = await t.dataSource.query(`SELECT min("stockAfter") AS min FROM "stock_movements" WHERE "productId" = $1`, [product.id]);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(await stockCheck(t, admin)).toMatchObject({ negativeStock: 0, ledgerMismatches: 0, ok: true, problems: [] });
  });

  it('100 parallel adjustments that try to overdraw: refusals are 409, the stock never goes below 0', async () => {
    const product = await createProduct(t, admin, { stock: 10 });
    // 60 removals against 10 + 40 additions: some removals must be refused, none may overdraw.
    const deltas = Array.from({ length: 100 }, (_, i) => (i % 5 < 3 ? -1 : 1));
    const results = await Promise.all(deltas.map((delta) => adjust(product.id, delta)));
    results.forEach((r, i) => expect(r.status === 201 || (r.status === 409 && deltas[i] === -1)).toBe(true));

    const expected = 10 + deltas.reduce((sum, delta, i) => sum + (results[i].status === 201 ? delta : 0), 0);
    const { stock } = await getProduct(product.id);
    expect(stock).toBe(expected);
    expect(stock).toBeGreaterThanOrEqual(0);
    expect(await ledgerSum(product.id)).toBe(stock);
    // Every movement saw a non-negative stock right after it.
    const [{ min }] = await t.dataSource.query(`SELECT min("stockAfter") AS min FROM "stock_movements" WHERE "productId" = $1`, [product.id]);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(await stockCheck(t, admin)).toMatchObject({ negativeStock: 0, ledgerMismatches: 0, ok: true, problems: [] });
  });

  it('a customer cannot see the integrity report, the low-stock list or a ledger (403)', async () => {
    await t.http().get('/api/v1/inventory/stock-check').auth(customer, { type: 'bearer' }).expect(403);
    await t.http().get('/api/v1/inventory/low-stock').auth(customer, { type: 'bearer' }).expect(403);
  });

  it('the stock-check report counts with integers and finds a product whose stock drifted from its ledger', async () => {
    const product = await createProduct(t, admin, { stock: 4 });
    const before = await stockCheck(t, admin);
    for (const key of ['products', 'outOfStock', 'lowStock', 'negativeStock', 'ledgerMismatches']) {
      expect(Number.isInteger(before[key as keyof typeof before])).toBe(true);
    }
    expect(before.ok).toBe(true);
    // Simulate the bug the report exists to catch: a write that bypassed the ledger.
    await t.dataSource.query(`UPDATE "products" SET "stock" = 9 WHERE "id" = $1`, [product.id]);
    try {
      const drifted = await stockCheck(t, admin);
      expect(drifted).toMatchObject({ ledgerMismatches: before.ledgerMismatches + 1, ok: false });
      expect(drifted.problems).toEqual([{ productId: product.id, sku: product.sku, stock: 9, ledgerSum: 4 }]);
    } finally {
      await t.dataSource.query(`UPDATE "products" SET "stock" = 4 WHERE "id" = $1`, [product.id]);
    }
    expect((await stockCheck(t, admin)).ok).toBe(true);
  });

  it('the database itself refuses a negative stock', async () => {
    const product = await createProduct(t, admin, { stock: 1 });
    await expect(t.dataSource.query(`UPDATE "products" SET "stock" = -1 WHERE "id" = $1`, [product.id])).rejects.toThrow(/CHK_products_stock_non_negative/);
  });

  it('lists active products at or below their threshold (or a given one), emptiest first', async () => {
    const low = await createProduct(t, admin, { stock: 2, lowStockThreshold: 3 });
    const empty = await createProduct(t, admin, { stock: 0, lowStockThreshold: 1 });
    const fine = await createProduct(t, admin, { stock: 50, lowStockThreshold: 3 });
    const inactive = await createProduct(t, admin, { stock: 0 });
    await t.http().delete(`/api/v1/products/${inactive.id}`).auth(admin, { type: 'bearer' }).expect(204);

    const own = await t.http().get('/api/v1/inventory/low-stock?limit=100').auth(admin, { type: 'bearer' }).expect(200);
    const ids = own.body.items.map((p: { id: string }) => p.id);
    expect(ids).toEqual(expect.arrayContaining([low.id, empty.id]));
    expect(ids).not.toContain(fine.id);
    expect(ids).not.toContain(inactive.id);
    expect(ids.indexOf(empty.id)).toBeLessThan(ids.indexOf(low.id));

    const given = await t.http().get('/api/v1/inventory/low-stock?threshold=50&limit=100').auth(admin, { type: 'bearer' }).expect(200);
    expect(given.body.items.map((p: { id: string }) => p.id)).toContain(fine.id);
    await t.http().get('/api/v1/inventory/low-stock?threshold=-1').auth(admin, { type: 'bearer' }).expect(400);
  });

  describe('StockReservations (used by Orders) on the real database', () => {
    const actor: Actor = { id: null, role: 'system' };
    let reservations: StockReservations;
    beforeAll(() => {
      reservations = t.app.get(StockReservations);
    });
    const reserve = (lines: Array<{ productId: string; quantity: number }>, orderId = randomUUID()) =>
      t.dataSource.transaction((manager) => reservations.reserve(manager, lines, { orderId, actor }));

    it('reserves all lines at once, returns snapshots in the order asked, and writes order movements', async () => {
      const a = await createProduct(t, admin, { stock: 5, priceCents: 250, name: 'A' });
      const b = await createProduct(t, admin, { stock: 3, priceCents: 990, name: 'B' });
      const orderId = randomUUID();
      const lines = await reserve([{ productId: b.id, quantity: 3 }, { productId: a.id, quantity: 2 }], orderId);
      expect(lines).toEqual([
        { productId: b.id, sku: b.sku, name: 'B', unitPriceCents: 990, currency: 'USD', quantity: 3 },
        { productId: a.id, sku: a.sku, name: 'A', unitPriceCents: 250, currency: 'USD', quantity: 2 },
      ]);
      expect((await getProduct(a.id)).stock).toBe(3);
      expect((await getProduct(b.id)).stock).toBe(0);
      const rows = await t.dataSource.query(`SELECT "productId", "delta", "reason" FROM "stock_movements" WHERE "orderId" = $1 ORDER BY "delta"`, [orderId]);
      expect(rows).toEqual([
        { productId: b.id, delta: -3, reason: 'order' },
        { productId: a.id, delta: -2, reason: 'order' },
      ]);
    });

    it('reports every short line and changes nothing when any line is short', async () => {
      const a = await createProduct(t, admin, { stock: 1, name: 'Short A' });
      const b = await createProduct(t, admin, { stock: 10 });
      const c = await createProduct(t, admin, { stock: 0, name: 'Short C' });
      const error = await reserve([{ productId: a.id, quantity: 2 }, { productId: b.id, quantity: 1 }, { productId: c.id, quantity: 1 }]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InsufficientStockError);
      expect((error as InsufficientStockError).stockIssues).toEqual(
        expect.arrayContaining([
          { productId: a.id, sku: a.sku, name: 'Short A', requested: 2, available: 1 },
          { productId: c.id, sku: c.sku, name: 'Short C', requested: 1, available: 0 },
        ]),
      );
      expect((error as InsufficientStockError).stockIssues).toHaveLength(2);
      expect((error as InsufficientStockError).status).toBe(409);
      expect((await getProduct(b.id)).stock).toBe(10);
    });

    it('refuses unknown and inactive products with 422 listing them', async () => {
      const active = await createProduct(t, admin);
      const inactive = await createProduct(t, admin);
      await t.http().delete(`/api/v1/products/${inactive.id}`).auth(admin, { type: 'bearer' }).expect(204);
      const unknown = randomUUID();
      const error = await reserve([{ productId: active.id, quantity: 1 }, { productId: inactive.id, quantity: 1 }, { productId: unknown, quantity: 1 }]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProductsUnavailableError);
      expect((error as ProductsUnavailableError).status).toBe(422);
      expect((error as ProductsUnavailableError).unavailableProductIds.sort()).toEqual([inactive.id, unknown].sort());
      expect((await getProduct(active.id)).stock).toBe(10);
    });

    it('rolls back with the caller: a failed order leaves stock and ledger untouched', async () => {
      const a = await createProduct(t, admin, { stock: 4 });
      await expect(
        t.dataSource.transaction(async (manager) => {
          await reservations.reserve(manager, [{ productId: a.id, quantity: 4 }], { orderId: randomUUID(), actor });
          throw new Error('order insert failed');
        }),
      ).rejects.toThrow('order insert failed');
      expect((await getProduct(a.id)).stock).toBe(4);
      expect(await ledgerSum(a.id)).toBe(4);
    });

    it('releases stock with cancellation and deletion movements', async () => {
      const a = await createProduct(t, admin, { stock: 5 });
      const orderId = randomUUID();
      await reserve([{ productId: a.id, quantity: 5 }], orderId);
      await t.dataSource.transaction((manager) => reservations.release(manager, [{ productId: a.id, quantity: 3 }], { orderId, actor, reason: 'cancellation' }));
      await t.dataSource.transaction((manager) => reservations.release(manager, [{ productId: a.id, quantity: 2 }], { orderId, actor, reason: 'deletion' }));
      expect((await getProduct(a.id)).stock).toBe(5);
      const reasons = await t.dataSource.query(`SELECT "reason", "delta" FROM "stock_movements" WHERE "orderId" = $1 ORDER BY "createdAt", "delta"`, [orderId]);
      expect(reasons.map((r: { reason: string; delta: number }) => `${r.reason}:${r.delta}`).sort()).toEqual(['cancellation:3', 'deletion:2', 'order:-5']);
    });

    it('many concurrent reservations of one product never oversell', async () => {
      const product = await createProduct(t, admin, { stock: 25 });
      const attempts = 60;
      const results = await Promise.allSettled(Array.from({ length: attempts }, () => reserve([{ productId: product.id, quantity: 1 }])));
      const succeeded = results.filter((r) => r.status === 'fulfilled').length;
      const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(succeeded).toBe(25);
      expect(rejected.every((r) => r.reason instanceof InsufficientStockError)).toBe(true);
      expect((await getProduct(product.id)).stock).toBe(0);
      expect(await ledgerSum(product.id)).toBe(0);
    });

    it('two multi-line reservations sharing products in opposite orders never deadlock', async () => {
      const products = await Promise.all(Array.from({ length: 4 }, () => createProduct(t, admin, { stock: 1000 })));
      const forward = products.map((p) => ({ productId: p.id, quantity: 1 }));
      const backward = [...forward].reverse();
      const rounds = 40;
      const results = await Promise.allSettled(Array.from({ length: rounds }, (_, i) => reserve(i % 2 === 0 ? forward : backward)));
      const failures = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(failures.map((f) => String(f.reason))).toEqual([]);
      for (const p of products) {
        expect((await getProduct(p.id)).stock).toBe(1000 - rounds);
        expect(await ledgerSum(p.id)).toBe(1000 - rounds);
      }
    });

    it('reservations, releases and adjustments racing on the same products keep stock and ledger equal', async () => {
      const [a, b] = await Promise.all([createProduct(t, admin, { stock: 20 }), createProduct(t, admin, { stock: 20 })]);
      const work: Array<Promise<unknown>> = [];
      for (let i = 0; i < 30; i++) {
        const orderId = randomUUID();
        const lines = i % 2 ? [{ productId: a.id, quantity: 2 }, { productId: b.id, quantity: 1 }] : [{ productId: b.id, quantity: 2 }, { productId: a.id, quantity: 1 }];
        work.push(
          reserve(lines, orderId).then(
            () => (i % 3 === 0 ? t.dataSource.transaction((m) => reservations.release(m, lines, { orderId, actor, reason: 'cancellation' })) : undefined),
            (e: unknown) => {
              if (!(e instanceof InsufficientStockError)) throw e;
            },
          ),
        );
        work.push(adjust(i % 2 ? a.id : b.id, i % 4 === 0 ? -1 : 1).then((r) => expect([201, 409]).toContain(r.status)));
      }
      await Promise.all(work);
      for (const p of [a, b]) {
        const { stock } = await getProduct(p.id);
        expect(stock).toBeGreaterThanOrEqual(0);
        expect(await ledgerSum(p.id)).toBe(stock);
      }
      expect(await stockCheck(t, admin)).toMatchObject({ negativeStock: 0, ledgerMismatches: 0, ok: true });
    });
  });
});

describe('Inventory: the demo catalogue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SEED_DEMO_DATA: 'true' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is seeded on an empty database, with ledger rows for its stock, and only once', async () => {
    const admin = await loginAsAdmin(t);
    const report = await stockCheck(t, admin);
    expect(report.products).toBeGreaterThanOrEqual(15);
    expect(report).toMatchObject({ negativeStock: 0, ledgerMismatches: 0, ok: true });
    const categories = await t.http().get('/api/v1/categories').auth(admin, { type: 'bearer' }).expect(200);
    expect(categories.body.items.length).toBeGreaterThanOrEqual(2);

    // A second instance starting on the same database does not seed again.
    const second = await startTestApp({ SEED_DEMO_DATA: 'true' }, t.databaseUrl);
    try {
      expect((await stockCheck(second, admin)).products).toBe(report.products);
    } finally {
      await second.close();
    }
  });
});
