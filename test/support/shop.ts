import { loginAsAdmin, registerCustomer, RegisteredCustomer } from './auth';
import { startTestApp, TestApp } from './test-app';

export interface ShopWithCustomers {
  t: TestApp;
  /** The admin's access token. */
  admin: string;
  alice: RegisteredCustomer;
  bob: RegisteredCustomer;
}

/**
 * The prelude of the order-feature specs: an app with no rate limit and the pricing in `env`, the
 * admin logged in and two customers (one acts, the other is the stranger of the BOLA checks).
 * `beforeAll(async () => ({ t, admin, alice, bob } = await startShop({ … })))`, then `t.close()`.
 */
export async function startShop(env: Record<string, string>): Promise<ShopWithCustomers> {
  const t = await startTestApp({ RATE_LIMIT_PER_MINUTE: '0', ...env });
  const admin = await loginAsAdmin(t);
  const [alice, bob] = await Promise.all([registerCustomer(t), registerCustomer(t)]);
  return { t, admin, alice, bob };
}
