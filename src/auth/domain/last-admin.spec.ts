import { LastActiveAdminError } from './account.errors';
import { assertAnAdminRemains, mayTakeAdminAway } from './last-admin';

describe('the last active admin', () => {
  const admin = { id: 'a', role: 'admin', active: true };

  it('changes that may take an admin away: deactivation and any role but admin', () => {
    expect(mayTakeAdminAway({ active: false })).toBe(true);
    expect(mayTakeAdminAway({ role: 'customer' })).toBe(true);
    expect(mayTakeAdminAway({ role: 'admin', active: true })).toBe(false);
    expect(mayTakeAdminAway({ active: true })).toBe(false);
    expect(mayTakeAdminAway({})).toBe(false);
  });

  it('cannot be deactivated or demoted', () => {
    expect(() => assertAnAdminRemains(admin, { active: false }, ['a'])).toThrow(LastActiveAdminError);
    expect(() => assertAnAdminRemains(admin, { role: 'customer' }, ['a'])).toThrow(LastActiveAdminError);
    expect(() => assertAnAdminRemains(admin, { active: false }, [])).toThrow(LastActiveAdminError);
  });

  it('can be when another active admin remains', () => {
    expect(() => assertAnAdminRemains(admin, { active: false }, ['a', 'b'])).not.toThrow();
    expect(() => assertAnAdminRemains(admin, { role: 'customer' }, ['b', 'a'])).not.toThrow();
  });

  it('changes to customers and inactive admins are not concerned, nor changes that keep the admin', () => {
    expect(() => assertAnAdminRemains({ id: 'c', role: 'customer', active: true }, { active: false }, [])).not.toThrow();
    expect(() => assertAnAdminRemains({ id: 'x', role: 'admin', active: false }, { role: 'customer' }, [])).not.toThrow();
    expect(() => assertAnAdminRemains(admin, { active: true, role: 'admin' }, ['a'])).not.toThrow();
  });
});
