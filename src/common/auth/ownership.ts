import { NotFoundError } from '../errors/domain-error';
import { AuthUser } from './auth-user';

/**
 * The ownership policy: admins reach everything, a customer only what they own. Anything else is
 * answered exactly like a missing resource (404), so nobody learns that another customer's exists.
 */
export function assertOwnerOrAdmin(user: Pick<AuthUser, 'id' | 'role'>, ownerId: string | null | undefined, what: string): void {
  if (user.role === 'admin') return;
  if (!ownerId || ownerId !== user.id) throw new NotFoundError(what);
}

export const isAdmin = (user: Pick<AuthUser, 'role'>): boolean => user.role === 'admin';
