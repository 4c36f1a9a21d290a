export type Role = 'customer' | 'admin';
export const ROLES: readonly Role[] = ['customer', 'admin'];

/** Who is calling, as the JWT strategy puts it on `request.user`. */
export interface AuthUser {
  id: string;
  role: Role;
  /** The access token's id (used by logout to deny it). */
  jti?: string;
  /** The access token's expiry, seconds since the epoch. */
  exp?: number;
}

/** The actor recorded in history, ledgers and events. `system` for work nobody asked for (seeding, relays). */
export interface Actor {
  id: string | null;
  role: Role | 'system';
}

export const actorOf = (user: AuthUser | undefined): Actor => (user ? { id: user.id, role: user.role } : { id: null, role: 'system' });
