import type { TestApp } from './test-app';

export const ADDRESS = { fullName: 'Ada Lovelace', line1: '12 Analytical St', city: 'London', postalCode: 'N1 9GU', country: 'GB' };

let skuCounter = 0;

/** Creates an active product through the admin API and returns it. */
export async function createProduct(
  t: TestApp,
  adminToken: string,
  fields: { priceCents?: number; stock?: number; name?: string; sku?: string } = {},
): Promise<{ id: string; sku: string; name: string; priceCents: number; stock: number }> {
  const sku = fields.sku ?? `SKU-${process.pid}-${Date.now().toString(36)}-${++skuCounter}`;
  const res = await t
    .http()
    .post('/api/v1/products')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ sku, name: fields.name ?? `Product ${sku}`, priceCents: fields.priceCents ?? 1000, stock: fields.stock ?? 100 });
  if (res.status !== 201) throw new Error(`product create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function stockOf(t: TestApp, productId: string): Promise<number> {
  const [row] = (await t.dataSource.query(`SELECT "stock" FROM "products" WHERE "id" = $1`, [productId])) as Array<{ stock: number }>;
  return row.stock;
}

/** The integrity report as the API gives it. */
export async function stockCheck(t: TestApp, adminToken: string): Promise<{ negativeStock: number; ledgerMismatches: number; ok: boolean }> {
  const res = await t.http().get('/api/v1/inventory/stock-check').set('Authorization', `Bearer ${adminToken}`);
  if (res.status !== 200) throw new Error(`stock-check failed: ${res.status}`);
  return res.body;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
