import { LastActiveAdminError } from './account.errors';

interface RoleChange {
  role?: string;
  active?: boolean;
}

/** Whether a change of role or active flag would take an admin away, if its user is an active admin. */
export const mayTakeAdminAway = (changes: RoleChange): boolean =>
  changes.active === false || (changes.role !== undefined && changes.role !== 'admin');

/**
 * The last active admin can be neither demoted nor deactivated: nobody could manage users any more.
 * `activeAdmins` are the ids of every active admin, read under a lock that holds until the change
 * commits (two admins removing each other at once must not both see the other one remain).
 */
export function assertAnAdminRemains(
  user: { id: string; role: string; active: boolean },
  changes: RoleChange,
  activeAdmins: readonly string[],
): void {
  if (user.role !== 'admin' || !user.active || !mayTakeAdminAway(changes)) return;
  if (!activeAdmins.some((id) => id !== user.id)) throw new LastActiveAdminError();
}
