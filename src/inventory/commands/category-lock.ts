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
