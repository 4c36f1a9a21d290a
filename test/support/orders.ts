import type { TestApp } from './test-app';

export const ADDRESS = { fullName: 'Ada Lovelace', line1: '12 Analytical St', city: 'London', postalCode: 'N1 9GU', country: 'GB' };

export { createProduct, stockCheck } from './inventory';

export async function stockOf(t: TestApp, productId: string): Promise<number> {
  const [row] = (await t.dataSource.query(`SELECT "stock" FROM "products" WHERE "id" = $1`, [productId])) as Array<{ stock: number }>;
  return row.stock;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
