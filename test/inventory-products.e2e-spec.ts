import { loginAsAdmin, registerCustomer } from './support/auth';
import { createProduct, uniqueSku } from './support/inventory';
import { startTestApp, TestApp } from './support/test-app';

describe('Inventory: products', () => {
  let t: TestApp;
  let admin: string;
  let customer: string;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0' });
    admin = await loginAsAdmin(t);
    customer = (await registerCustomer(t)).accessToken;
  });
  afterAll(async () => {
    await t?.close();
  });

  const as = (token: string) => ({
    get: (path: string) => t.http().get(path).auth(token, { type: 'bearer' }),
    post: (path: string) => t.http().post(path).auth(token, { type: 'bearer' }),
    patch: (path: string) => t.http().patch(path).auth(token, { type: 'bearer' }),
    delete: (path: string) => t.http().delete(path).auth(token, { type: 'bearer' }),
  });

  it('an admin creates a product: 201, Location, ETag, its initial stock in the ledger', async () => {
    const sku = uniqueSku('MUG');
    const res = await as(admin)
      .post('/api/v1/products')
      .send({ sku, name: 'Enamel mug', description: 'White', priceCents: 1299, stock: 7, metadata: { color: 'white' }, lowStockThreshold: 2 })
      .expect(201);
    expect(res.body).toMatchObject({ sku, name: 'Enamel mug', description: 'White', priceCents: 1299, currency: 'USD', stock: 7, lowStockThreshold: 2, categoryId: null, metadata: { color: 'white' }, active: true, version: 1 });
    expect(res.headers.location).toBe(`/api/v1/products/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');

    const movements = await as(admin).get(`/api/v1/products/${res.body.id}/stock-movements`).expect(200);
    expect(movements.body.items).toEqual([expect.objectContaining({ delta: 7, reason: 'initial', stockAfter: 7, orderId: null, actor: expect.objectContaining({ role: 'admin' }) })]);
    expect(movements.body.nextCursor).toBeNull();
  });

  it('anyone signed in reads a product with its ETag; without a token it is 401', async () => {
    const product = await createProduct(t, admin);
    const res = await as(customer).get(`/api/v1/products/${product.id}`).expect(200);
    expect(res.body).toMatchObject({ id: product.id, stock: 10, priceCents: 1000, currency: 'USD', version: 1 });
    expect(res.headers.etag).toBe('"1"');
    await t.http().get(`/api/v1/products/${product.id}`).expect(401);
    await as(customer).get('/api/v1/products/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('a customer cannot create, change, deactivate or adjust stock of a product (403)', async () => {
    const product = await createProduct(t, admin);
    await as(customer).post('/api/v1/products').send({ sku: uniqueSku(), name: 'x', priceCents: 1, stock: 1 }).expect(403);
    await as(customer).patch(`/api/v1/products/${product.id}`).send({ name: 'hacked' }).expect(403);
    await as(customer).delete(`/api/v1/products/${product.id}`).expect(403);
    await as(customer).post(`/api/v1/products/${product.id}/stock-adjustments`).send({ delta: 5, reason: 'x' }).expect(403);
    await as(customer).get(`/api/v1/products/${product.id}/stock-movements`).expect(403);
    const after = await as(admin).get(`/api/v1/products/${product.id}`).expect(200);
    expect(after.body).toMatchObject({ name: 'Test product', stock: 10, active: true, version: 1 });
  });

  it('answers 409 to a duplicate sku, whatever its case', async () => {
    const product = await createProduct(t, admin);
    const res = await as(admin).post('/api/v1/products').send({ sku: product.sku.toLowerCase(), name: 'Other', priceCents: 1, stock: 0 }).expect(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toMatch(/duplicate-sku$/);
    const other = await createProduct(t, admin);
    await as(admin).patch(`/api/v1/products/${other.id}`).send({ sku: product.sku }).expect(409);
  });

  it.each([
    ['a negative price', { priceCents: -1 }, 'priceCents'],
    ['a price above 99,999,999', { priceCents: 100_000_000 }, 'priceCents'],
    ['a fractional price', { priceCents: 9.99 }, 'priceCents'],
    ['a negative stock', { stock: -1 }, 'stock'],
    ['metadata over 8 KB', { metadata: { blob: 'x'.repeat(8200) } }, 'metadata'],
    ['metadata that is not an object', { metadata: ['a'] }, 'metadata'],
    ['an unknown field', { colour: 'red' }, 'colour'],
    ['a currency (it comes from the configuration)', { currency: 'EUR' }, 'currency'],
    ['a missing name', { name: undefined }, 'name'],
  ])('rejects %s with 400 naming the field', async (_, override, field) => {
    const res = await as(admin)
      .post('/api/v1/products')
      .send({ sku: uniqueSku(), name: 'Valid', priceCents: 100, stock: 1, ...override })
      .expect(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('accepts metadata just under 8 KB', async () => {
    await createProduct(t, admin, { metadata: { blob: 'x'.repeat(8000) } });
  });

  it('an admin patches every field but stock; the version and ETag move on', async () => {
    const product = await createProduct(t, admin);
    const res = await as(admin)
      .patch(`/api/v1/products/${product.id}`)
      .send({ name: 'Renamed', priceCents: 2500, description: 'New', metadata: { a: 1 }, lowStockThreshold: 3 })
      .expect(200);
    expect(res.body).toMatchObject({ name: 'Renamed', priceCents: 2500, description: 'New', metadata: { a: 1 }, lowStockThreshold: 3, version: 2, stock: 10 });
    expect(res.headers.etag).toBe('"2"');
    const stock = await as(admin).patch(`/api/v1/products/${product.id}`).send({ stock: 99 }).expect(400);
    expect(stock.body.errors).toEqual([expect.objectContaining({ field: 'stock' })]);
    await as(admin).patch(`/api/v1/products/${product.id}`).send({ priceCents: -5 }).expect(400);
  });

  it('honours If-Match: a stale version is 412 and changes nothing, the current one passes', async () => {
    const product = await createProduct(t, admin);
    await as(admin).patch(`/api/v1/products/${product.id}`).set('If-Match', '"1"').send({ name: 'First' }).expect(200);
    const stale = await as(admin).patch(`/api/v1/products/${product.id}`).set('If-Match', '"1"').send({ name: 'Second' }).expect(412);
    expect(stale.body.status).toBe(412);
    await as(admin).delete(`/api/v1/products/${product.id}`).set('If-Match', '"1"').expect(412);
    const current = await as(admin).get(`/api/v1/products/${product.id}`).expect(200);
    expect(current.body).toMatchObject({ name: 'First', active: true });
    await as(admin).patch(`/api/v1/products/${product.id}`).set('If-Match', current.headers.etag).send({ name: 'Second' }).expect(200);
  });

  it('concurrent patches with the same If-Match: exactly one wins, the others get 412', async () => {
    const product = await createProduct(t, admin);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => as(admin).patch(`/api/v1/products/${product.id}`).set('If-Match', '"1"').send({ name: `Writer ${i}` })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(9);
  });

  it('DELETE deactivates (204, idempotent): the product stays readable for admins, customers neither list nor read it, admins can reactivate', async () => {
    const product = await createProduct(t, admin, { name: `Discontinued ${uniqueSku()}` });
    await as(admin).delete(`/api/v1/products/${product.id}`).expect(204);
    await as(admin).delete(`/api/v1/products/${product.id}`).expect(204);
    const res = await as(admin).get(`/api/v1/products/${product.id}`).expect(200);
    expect(res.body).toMatchObject({ active: false, version: 2 });
    await as(customer).get(`/api/v1/products/${product.id}`).expect(404);
    const customerList = await as(customer).get(`/api/v1/products?q=${product.sku}`).expect(200);
    expect(customerList.body.items).toEqual([]);
    const customerAskingInactive = await as(customer).get(`/api/v1/products?q=${product.sku}&active=false`).expect(200);
    expect(customerAskingInactive.body.items).toEqual([]);
    const adminList = await as(admin).get(`/api/v1/products?q=${product.sku}&active=false`).expect(200);
    expect(adminList.body.items.map((p: { id: string }) => p.id)).toEqual([product.id]);
    await as(admin).patch(`/api/v1/products/${product.id}`).send({ active: true }).expect(200);
    expect((await as(customer).get(`/api/v1/products?q=${product.sku}`).expect(200)).body.items).toHaveLength(1);
  });

  it('searches name and sku case-insensitively and filters by category and stock', async () => {
    const tag = uniqueSku('zq').toLowerCase();
    const category = await as(admin).post('/api/v1/categories').send({ name: `Cat ${tag}` }).expect(201);
    const a = await createProduct(t, admin, { name: `Blue ${tag} kettle`, stock: 0, categoryId: category.body.id });
    const b = await createProduct(t, admin, { sku: `${tag.toUpperCase()}-B`, name: 'Something', stock: 3 });
    const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((p) => p.id).sort();

    expect(ids(await as(customer).get(`/api/v1/products?q=${tag.toUpperCase()}`).expect(200))).toEqual([a.id, b.id].sort());
    expect(ids(await as(customer).get(`/api/v1/products?q=${tag}&inStock=true`).expect(200))).toEqual([b.id]);
    expect(ids(await as(customer).get(`/api/v1/products?q=${tag}&inStock=false`).expect(200))).toEqual([a.id]);
    expect(ids(await as(customer).get(`/api/v1/products?categoryId=${category.body.id}`).expect(200))).toEqual([a.id]);
    // LIKE wildcards in a search term match themselves only.
    expect((await as(customer).get('/api/v1/products?q=%25').expect(200)).body.items).toEqual([]);
    await as(customer).get('/api/v1/products?limit=0').expect(400);
    await as(customer).get('/api/v1/products?cursor=garbage').expect(400);
    await as(customer).get('/api/v1/products?inStock=maybe').expect(400);
  });

  it('rejects an unknown category with 422', async () => {
    const res = await as(admin)
      .post('/api/v1/products')
      .send({ sku: uniqueSku(), name: 'x', priceCents: 1, stock: 1, categoryId: '00000000-0000-4000-8000-000000000000' })
      .expect(422);
    expect(res.body.type).toMatch(/unknown-category$/);
  });

  it('cursor pagination returns every product exactly once across pages while products are being inserted', async () => {
    const tag = uniqueSku('page').toLowerCase();
    const existing: string[] = [];
    for (let i = 0; i < 25; i++) existing.push((await createProduct(t, admin, { name: `Paged ${tag} ${i}` })).id);

    const seen: string[] = [];
    let cursor: string | null = null;
    let inserted = 0;
    do {
      const url: string = `/api/v1/products?q=${tag}&limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      // Inserts race with each page read.
      const [page] = await Promise.all([
        as(customer).get(url).expect(200),
        createProduct(t, admin, { name: `Paged ${tag} new ${inserted++}` }),
        createProduct(t, admin, { name: `Paged ${tag} new ${inserted++}` }),
      ]);
      seen.push(...page.body.items.map((p: { id: string }) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(new Set(seen).size).toBe(seen.length);
    for (const id of existing) expect(seen).toContain(id);
  });

  it('records product.created and product.updated in the event feed', async () => {
    const product = await createProduct(t, admin);
    await as(admin).patch(`/api/v1/products/${product.id}`).send({ priceCents: 4321 }).expect(200);
    const rows = await t.dataSource.query(`SELECT "type", "payload" FROM "events" WHERE "aggregateId" = $1 ORDER BY "occurredAt", "type"`, [product.id]);
    expect(rows.map((r: { type: string }) => r.type)).toEqual(['product.created', 'product.updated']);
    expect(rows[1].payload).toMatchObject({ changes: { priceCents: { from: 1000, to: 4321 } }, version: 2 });
  });

  it('documents every inventory route in the OpenAPI document', async () => {
    const res = await t.http().get('/docs-json').expect(200);
    for (const path of [
      '/api/v1/products',
      '/api/v1/products/{id}',
      '/api/v1/products/{id}/stock-adjustments',
      '/api/v1/products/{id}/stock-movements',
      '/api/v1/categories',
      '/api/v1/categories/{id}',
      '/api/v1/inventory/low-stock',
      '/api/v1/inventory/stock-check',
    ]) {
      expect(res.body.paths[path]).toBeDefined();
    }
  });
});
