import { randomBytes } from 'node:crypto';
import type { TestApp } from './test-app';

/** The test app's admin (ADMIN_EMAIL / ADMIN_PASSWORD defaults). */
export const ADMIN = { email: 'admin@example.com', password: 'admin12345' } as const;

export interface RegisteredCustomer {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

/** An access token of the admin seeded at start-up. */
export async function loginAsAdmin(t: Pick<TestApp, 'http'>): Promise<string> {
  const res = await t.http().post('/api/v1/auth/login').send(ADMIN);
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** Registers a customer through the API (a unique email unless given) and logs them in. */
export async function registerCustomer(
  t: Pick<TestApp, 'http'>,
  overrides: { email?: string; password?: string; name?: string } = {},
): Promise<RegisteredCustomer> {
  const email = overrides.email ?? `customer-${randomBytes(6).toString('hex')}@example.com`;
  const password = overrides.password ?? 'customer-password-1';
  const name = overrides.name ?? 'Test Customer';
  const registered = await t.http().post('/api/v1/auth/register').send({ email, password, name });
  if (registered.status !== 201) throw new Error(`register failed: ${registered.status} ${JSON.stringify(registered.body)}`);
  const login = await t.http().post('/api/v1/auth/login').send({ email, password });
  if (login.status !== 200) throw new Error(`customer login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return { id: registered.body.id, email: registered.body.email, password, accessToken: login.body.accessToken, refreshToken: login.body.refreshToken };
}
