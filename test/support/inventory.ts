import { randomBytes } from 'node:crypto';
import type { TestApp } from './test-app';

export interface ProductBody {
  sku?: string;
  name?: string;
  priceCents?: number;
  stock?: number;
  categoryId?: string;
  metadata?: Record<string, unknown>;
  lowStockThreshold?: number;
  description?: string;
}

export const uniqueSku = (prefix = 'SKU'): string => `${prefix}-${randomBytes(5).toString('hex')}`;

/** Creates a product through the API as the given admin and returns its body. */
export async function createProduct(t: Pick<TestApp, 'http'>, adminToken: string, body: ProductBody = {}): Promise<{ id: string; sku: string; stock: number; version: number; [k: string]: unknown }> {
  const res = await t
    .http()
    .post('/api/v1/products')
    .auth(adminToken, { type: 'bearer' })
    .send({ sku: uniqueSku(), name: 'Test product', priceCents: 1000, stock: 10, ...body });
  if (res.status !== 201) throw new Error(`create product failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** GET /inventory/stock-check as the admin. */
export async function stockCheck(t: Pick<TestApp, 'http'>, adminToken: string) {
  const res = await t.http().get('/api/v1/inventory/stock-check').auth(adminToken, { type: 'bearer' }).expect(200);
  return res.body as { products: number; outOfStock: number; lowStock: number; negativeStock: number; ledgerMismatches: number; ok: boolean; problems: unknown[] };
}
