import { loginAsAdmin, registerCustomer } from './support/auth';
import { bearer } from './support/orders';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 15 row 20: two admins deactivating (or demoting) each other at the same time could both
 * succeed and leave no active admin. The last active admin can be neither deactivated nor demoted,
 * checked under a lock.
 */
describe('The last active admin', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t?.close());

  const patchUser = (token: string, id: string, body: object) =>
    t.http().patch(`/api/v1/users/${id}`).set(bearer(token)).send(body);
  const activeAdmins = async (): Promise<string[]> =>
    ((await t.dataSource.query(`SELECT "id" FROM "users" WHERE "role" = 'admin' AND "active"`)) as Array<{ id: string }>).map(
      (r) => r.id,
    );
  const idOf = async (token: string): Promise<string> =>
    (await t.http().get('/api/v1/auth/me').set(bearer(token)).expect(200)).body.id as string;

  it('the only admin cannot be deactivated or demoted (409), and stays an active admin', async () => {
    const admin = await loginAsAdmin(t);
    const id = await idOf(admin);
    expect(await activeAdmins()).toEqual([id]);
    for (const body of [{ active: false }, { role: 'customer' }, { role: 'customer', active: false }]) {
      const res = await patchUser(admin, id, body);
      expect(res.status).toBe(409);
      expect(res.body.type).toMatch(/last-active-admin$/);
    }
    expect(await activeAdmins()).toEqual([id]);
    // Changes that keep the admin are fine.
    await patchUser(admin, id, { role: 'admin', active: true }).expect(200);
  });

  it('with two admins, either may deactivate or demote the other', async () => {
    const admin = await loginAsAdmin(t);
    const other = await registerCustomer(t);
    await patchUser(admin, other.id, { role: 'admin' }).expect(200);
    await patchUser(admin, other.id, { role: 'customer' }).expect(200);
    await patchUser(admin, other.id, { role: 'admin' }).expect(200);
    await patchUser(admin, other.id, { active: false }).expect(200);
    expect(await activeAdmins()).toHaveLength(1);
    // Deactivated admins do not count: the remaining one is still the last.
    const adminId = await idOf(admin);
    expect((await patchUser(admin, adminId, { active: false })).status).toBe(409);
  });

  it('two admins deactivating or demoting each other in parallel: exactly one succeeds, one active admin remains', async () => {
    let survivor = { token: await loginAsAdmin(t), id: '' };
    survivor.id = await idOf(survivor.token);
    const changes = [
      { active: false },
      { role: 'customer' },
      { active: false },
      { role: 'customer' },
      { active: false },
      { role: 'customer' },
    ];
    for (const change of changes) {
      const newcomer = await registerCustomer(t);
      await patchUser(survivor.token, newcomer.id, { role: 'admin' }).expect(200);
      expect((await activeAdmins()).sort()).toEqual([survivor.id, newcomer.id].sort());
      const [first, second] = await Promise.all([
        patchUser(survivor.token, newcomer.id, change),
        patchUser(newcomer.accessToken, survivor.id, change),
      ]);
      const statuses = [first.status, second.status];
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      // The loser is refused by the rule, or, when the winner got there before its request was
      // authorised, by its ended session (401) or its lost role (403).
      const loser = first.status === 200 ? second : first;
      expect([409, 'active' in change ? 401 : 403]).toContain(loser.status);
      if (loser.status === 409) expect(loser.body.type).toMatch(/last-active-admin$/);
      const remaining = await activeAdmins();
      expect(remaining).toHaveLength(1);
      survivor = first.status === 200 ? survivor : { token: newcomer.accessToken, id: newcomer.id };
      expect(remaining).toEqual([survivor.id]);
      // The survivor is still an admin who can act.
      await t.http().get('/api/v1/users').set(bearer(survivor.token)).expect(200);
    }
  });
});
