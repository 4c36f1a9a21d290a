/** Checks and locks that several inventory commands take before writing. */
import { EntityManager } from 'typeorm';
import { UnknownCategoryError } from '../domain/inventory.errors';

/**
 * Tree-shaping writes (create, move, delete of categories) take this transaction-scoped advisory
 * lock, so a cycle check or an emptiness check cannot race another move. Category writes are rare;
 * serializing them costs nothing.
 */
export async function lockCategoryTree(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(4176500001)`);
}

/**
 * The category exists; its row is held with FOR KEY SHARE until commit, so it cannot be deleted
 * while a product or subcategory is being attached to it.
 */
export async function assertCategoryExists(manager: EntityManager, categoryId: string): Promise<void> {
  const rows = await manager.query<unknown[]>(`SELECT 1 FROM "categories" WHERE "id" = $1 FOR KEY SHARE`, [categoryId]);
  if (rows.length === 0) throw new UnknownCategoryError(categoryId);
}

/**
 * A friendly early answer for the common case; the unique index still decides a race (and callers
 * map its violation to the same error). Avoids logging an expected constraint violation as a failed query.
 */
export async function skuTaken(manager: EntityManager, sku: string, exceptProductId?: string): Promise<boolean> {
  const rows = await manager.query<unknown[]>(`SELECT 1 FROM "products" WHERE lower("sku") = lower($1) AND "id" IS DISTINCT FROM $2`, [sku, exceptProductId ?? null]);
  return rows.length > 0;
}

/** Under the category tree lock this check is exact; the unique index remains the backstop. */
export async function siblingNameTaken(manager: EntityManager, name: string, parentId: string | null, exceptCategoryId?: string): Promise<boolean> {
  const rows = await manager.query<unknown[]>(
    `SELECT 1 FROM "categories" WHERE lower("name") = lower($1) AND "parentId" IS NOT DISTINCT FROM $2 AND "id" IS DISTINCT FROM $3`,
    [name, parentId, exceptCategoryId ?? null],
  );
  return rows.length > 0;
}
