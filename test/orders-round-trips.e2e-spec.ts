import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
// The app first: importing an events module on its own would load the entities in an order they do not support.
import { startTestApp, TestApp } from './support/test-app';
import type { OutboxEvent } from '../src/events/entities/outbox-event.entity';
import { EventOutbox } from '../src/events/outbox.service';
import { loginAsAdmin, registerCustomer, RegisteredCustomer } from './support/auth';
import { ADDRESS, bearer, createProduct, stockCheck, stockOf } from './support/orders';
import { attributeTo, QueryCounter } from './support/query-counter';
import { waitFor } from './support/wait';

/**
 * The order write path in round trips. The statements counted are those the command sends (the
 * relay or another request working meanwhile is not counted), with the EventBus held back; the
 * work after commit (history, relay) is counted apart. Counts are exact on purpose: a new round
 * trip on this path should be a decision, not an accident.
 */
describe('Orders: written in the fewest round trips, with every guarantee', () => {
  let t: TestApp;
  let admin: string;
  let alice: RegisteredCustomer;

  beforeAll(async () => {
    // No periodic relay pass during the counts (commits still wake it).
    t = await startTestApp({ EVENTS_RELAY_INTERVAL_MS: '60000', EVENTS_REDELIVER_AFTER_MS: '3600000' });
    admin = await loginAsAdmin(t);
    alice = await registerCustomer(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The statements the commands run by `action` send, with their events held back; then the events go out. */
  async function roundTripsOf<T>(action: () => Promise<T>): Promise<{ result: T; statements: string[]; events: OutboxEvent[] }> {
    const outbox = t.app.get(EventOutbox);
    const bus = t.app.get(CommandBus);
    const events: OutboxEvent[] = [];
    const publish = outbox.publish.bind(outbox);
    const execute = bus.execute.bind(bus);
    const origin = Symbol('counted command');
    const held = jest.spyOn(outbox, 'publish').mockImplementation((published) => void events.push(...published));
    const traced = jest
      .spyOn(bus, 'execute')
      .mockImplementation(((command: Parameters<typeof execute>[0]) =>
        attributeTo(origin, () => execute(command))) as typeof bus.execute);
    const counter = new QueryCounter();
    try {
      const result = await action();
      return { result, statements: counter.statements(origin), events };
    } finally {
      counter.stop();
      traced.mockRestore();
      held.mockRestore();
      publish(events);
    }
  }

  const order = (items: Array<{ productId: string; quantity: number }>, token = alice.accessToken, key?: string) => {
    const req = t.http().post('/api/v1/orders').set(bearer(token));
    if (key) req.set('Idempotency-Key', key);
    return req.send({ items, shippingAddress: ADDRESS });
  };

  async function rowsWritten(): Promise<Record<string, number>> {
    const [counts] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM "orders")::int AS orders, (SELECT count(*) FROM "order_items")::int AS items,
              (SELECT count(*) FROM "stock_movements")::int AS ledger, (SELECT count(*) FROM "events")::int AS events`,
    );
    return counts;
  }

  it('writes an order in ONE statement: lock, check, stock, ledger, order, lines and event together', async () => {
    const a = await createProduct(t, admin, { stock: 100, priceCents: 1250 });
    const b = await createProduct(t, admin, { stock: 100, priceCents: 999 });
    await order([{ productId: a.id, quantity: 1 }]).expect(201); // this instance now knows a's price

    const before = await rowsWritten();
    const { result, statements, events } = await roundTripsOf(() =>
      order([
        { productId: b.id, quantity: 2 },
        { productId: a.id, quantity: 3 },
      ]).expect(201),
    );
    // b was never ordered here: one plain read of its catalogue fields, then the statement.
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/^SELECT .* FROM "products" WHERE/);
    expect(statements[0]).not.toMatch(/FOR UPDATE/);
    expect(statements[1]).toMatch(/ORDER BY p\."id" FOR UPDATE/);
    for (const write of [
      'UPDATE "products"',
      'INSERT INTO "stock_movements"',
      'INSERT INTO "orders"',
      'INSERT INTO "order_items"',
      'INSERT INTO "events"',
    ]) {
      expect(statements[1]).toContain(write);
    }
    expect(result.body).toMatchObject({ subtotalCents: 2 * 999 + 3 * 1250, version: 1, status: 'pending' });
    expect(await rowsWritten()).toEqual({
      ...before,
      orders: before.orders + 1,
      items: before.items + 2,
      ledger: before.ledger + 2,
      events: before.events + 1,
    });
    expect(events.map((e) => [e.type, e.aggregateId, (e.payload as { number: number }).number])).toEqual([
      ['order.created', result.body.id, result.body.number],
    ]);

    // Both products known now: the order is the one statement.
    const again = await roundTripsOf(() =>
      order([
        { productId: a.id, quantity: 1 },
        { productId: b.id, quantity: 1 },
      ]).expect(201),
    );
    expect(again.statements).toHaveLength(1);
    expect(await stockOf(t, a.id)).toBe(100 - 1 - 3 - 1);
    expect(await stockOf(t, b.id)).toBe(100 - 2 - 1);
    const read = await t.http().get(`/api/v1/orders/${again.result.body.id}`).set(bearer(alice.accessToken)).expect(200);
    expect(read.body).toEqual(again.result.body);
  });

  it('with an Idempotency-Key: the claim, then the one statement, which also stores the outcome', async () => {
    const p = await createProduct(t, admin, { stock: 10 });
    await order([{ productId: p.id, quantity: 1 }]).expect(201);
    const key = `rt-${randomUUID()}`;
    const { result, statements } = await roundTripsOf(() =>
      order([{ productId: p.id, quantity: 2 }], alice.accessToken, key).expect(201),
    );
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/^INSERT INTO "idempotency_keys"/);
    expect(statements[1]).toContain('UPDATE "idempotency_keys"');
    const replay = await order([{ productId: p.id, quantity: 2 }], alice.accessToken, key).expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(result.body);
    expect(await stockOf(t, p.id)).toBe(7);
  });

  it('prices from the catalogue: a product repriced since this instance quoted it is ordered at the new price, under locks', async () => {
    const p = await createProduct(t, admin, { stock: 10, priceCents: 1000 });
    await order([{ productId: p.id, quantity: 1 }]).expect(201);
    await t.http().patch(`/api/v1/products/${p.id}`).set(bearer(admin)).send({ priceCents: 1500, name: 'Repriced' }).expect(200);

    const before = await rowsWritten();
    const { result, statements } = await roundTripsOf(() => order([{ productId: p.id, quantity: 2 }]).expect(201));
    // The statement on the stale quote writes nothing; the order is priced again from the locked row.
    expect(statements).toHaveLength(5);
    expect(statements.slice(1, 3)).toEqual(['START TRANSACTION', expect.stringMatching(/FOR UPDATE$/)]);
    expect(statements[4]).toBe('COMMIT');
    expect(result.body.items).toEqual([
      expect.objectContaining({ productId: p.id, name: 'Repriced', unitPriceCents: 1500, quantity: 2, lineTotalCents: 3000 }),
    ]);
    expect(await rowsWritten()).toEqual({
      ...before,
      orders: before.orders + 1,
      items: before.items + 1,
      ledger: before.ledger + 1,
      events: before.events + 1,
    });
    expect(await stockOf(t, p.id)).toBe(7);
    // Quoted afresh: the next order is one statement again.
    expect((await roundTripsOf(() => order([{ productId: p.id, quantity: 1 }]).expect(201))).statements).toHaveLength(1);
  });

  it('writes nothing on any refusal: short stock (also with a key), unavailable products, foreign currency', async () => {
    const plenty = await createProduct(t, admin, { stock: 50 });
    const short = await createProduct(t, admin, { stock: 1 });
    const inactive = await createProduct(t, admin, { stock: 5 });
    const foreign = await createProduct(t, admin, { stock: 5 });
    await order([plenty, short, inactive, foreign].map((p) => ({ productId: p.id, quantity: 1 }))).expect(201); // all quoted as active, in USD
    await t.http().delete(`/api/v1/products/${inactive.id}`).set(bearer(admin)).expect(204);
    // The shop's currency cannot be changed through the API; a product left in another one is the only way to get here.
    await t.dataSource.query(`UPDATE "products" SET "currency" = 'EUR' WHERE "id" = $1`, [foreign.id]);
    const before = await rowsWritten();
    const stocks = async () => Promise.all([plenty, short, inactive, foreign].map((p) => stockOf(t, p.id)));
    const stockBefore = await stocks();

    const key = `refused-${randomUUID()}`;
    const refused = await roundTripsOf(() =>
      order(
        [
          { productId: plenty.id, quantity: 5 },
          { productId: short.id, quantity: 2 },
        ],
        alice.accessToken,
        key,
      ).expect(409),
    );
    expect(refused.result.body.stockIssues).toEqual([
      { productId: short.id, sku: short.sku, name: short.name, requested: 2, available: 0 },
    ]);
    expect(refused.events).toEqual([]);
    const [{ outcome }] = await t.dataSource.query(`SELECT "outcome" FROM "idempotency_keys" WHERE "key" = $1`, [key]);
    expect(outcome).toMatchObject({ kind: 'refused', refusal: { status: 409, type: 'insufficient-stock' } });

    const unavailable = await order([
      { productId: plenty.id, quantity: 1 },
      { productId: inactive.id, quantity: 1 },
      { productId: short.id, quantity: 3 },
      { productId: '00000000-0000-4000-8000-00000000abcd', quantity: 1 },
    ]).expect(422);
    expect(unavailable.body.type).toMatch(/products-unavailable$/);
    expect(unavailable.body.unavailableProductIds.sort()).toEqual([inactive.id, '00000000-0000-4000-8000-00000000abcd'].sort());

    const mismatch = await order([
      { productId: plenty.id, quantity: 1 },
      { productId: foreign.id, quantity: 1 },
    ]).expect(422);
    expect(mismatch.body).toMatchObject({ productIds: [foreign.id] });

    expect(await rowsWritten()).toEqual(before);
    expect(await stocks()).toEqual(stockBefore);
    expect(await stockCheck(t, admin)).toMatchObject({ negativeStock: 0, ledgerMismatches: 0 });
  });

  it('reports every line that stands in the way: unknown, inactive and short lines in one answer', async () => {
    const fine = await createProduct(t, admin, { stock: 10 });
    const short = await createProduct(t, admin, { stock: 2, name: 'Short' });
    const inactive = await createProduct(t, admin, { stock: 10 });
    await t.http().delete(`/api/v1/products/${inactive.id}`).set(bearer(admin)).expect(204);
    const unknown = randomUUID();
    const res = await order([
      { productId: short.id, quantity: 5 },
      { productId: unknown, quantity: 1 },
      { productId: fine.id, quantity: 1 },
      { productId: inactive.id, quantity: 1 },
    ]).expect(422);
    expect(res.body.unavailableProductIds.sort()).toEqual([unknown, inactive.id].sort());
    expect(res.body.stockIssues).toEqual([{ productId: short.id, sku: short.sku, name: 'Short', requested: 5, available: 2 }]);
  });

  it('projects the history of many orders in one statement after commit', async () => {
    const p = await createProduct(t, admin, { stock: 100 });
    await order([{ productId: p.id, quantity: 1 }]).expect(201);
    const outbox = t.app.get(EventOutbox);
    const held: OutboxEvent[] = [];
    const hold = jest.spyOn(outbox, 'publish').mockImplementation((events) => void held.push(...events));
    const created: string[] = [];
    try {
      for (let i = 0; i < 5; i++) created.push((await order([{ productId: p.id, quantity: 1 }]).expect(201)).body.id);
    } finally {
      hold.mockRestore();
    }
    const counter = new QueryCounter();
    try {
      outbox.publish(held);
      await waitFor(async () => {
        const [{ n }] = await t.dataSource.query(
          `SELECT count(*)::int AS n FROM "order_history" WHERE "orderId" = ANY($1::uuid[])`,
          [created],
        );
        expect(n).toBe(5);
      });
    } finally {
      counter.stop();
    }
    expect(counter.statements().filter((sql) => sql.includes('INSERT INTO "order_history"'))).toHaveLength(1);
  });

  it('changes a status with the order and its lines read in one locking statement', async () => {
    const p = await createProduct(t, admin, { stock: 10 });
    const created = (await order([{ productId: p.id, quantity: 2 }]).expect(201)).body;
    const { statements } = await roundTripsOf(() =>
      t.http().patch(`/api/v1/orders/${created.id}/status`).set(bearer(admin)).send({ status: 'confirmed' }).expect(200),
    );
    expect(statements[0]).toBe('START TRANSACTION');
    expect(statements[1]).toMatch(/LEFT JOIN "order_items".*FOR UPDATE OF "?o"?$/);
    expect(statements.at(-1)).toBe('COMMIT');
    expect(statements).toHaveLength(5);
  });
});
