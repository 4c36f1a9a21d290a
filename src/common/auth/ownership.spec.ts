import { NotFoundError } from '../errors/domain-error';
import { assertOwnerOrAdmin } from './ownership';

describe('ownership policy', () => {
  const alice = { id: 'a', role: 'customer' as const };
  const admin = { id: 'x', role: 'admin' as const };

  it('lets an owner and an admin through', () => {
    expect(() => assertOwnerOrAdmin(alice, 'a', 'order')).not.toThrow();
    expect(() => assertOwnerOrAdmin(admin, 'a', 'order')).not.toThrow();
  });

  it("answers another customer's resource as not found", () => {
    expect(() => assertOwnerOrAdmin(alice, 'b', 'order')).toThrow(NotFoundError);
    expect(() => assertOwnerOrAdmin(alice, null, 'order')).toThrow(NotFoundError);
  });
});
