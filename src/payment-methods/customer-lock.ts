import type { EntityManager } from 'typeorm';

/**
 * Serialises the changes to one customer's payment methods for the rest of the transaction.
 * "The first method is the default" and "exactly one default" are decisions about the customer's
 * whole set, which may be empty (no row to lock FOR UPDATE): a transaction-scoped advisory lock on
 * the customer makes two parallel first methods one default and one not. The partial unique
 * indexes stay as the database's guarantee.
 */
export async function lockCustomerPaymentMethods(manager: EntityManager, customerId: string): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`payment-methods:${customerId}`]);
}
