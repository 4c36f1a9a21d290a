export type Role = 'customer' | 'admin';
export const ROLES: readonly Role[] = ['customer', 'admin'];

/** Who is calling, as the JWT strategy puts it on `request.user`. */
export interface AuthUser {
  id: string;
  role: Role;
  /** The session (refresh-token family) the access token belongs to; ending it ends the token. */
  sessionId: string;
}

/** The actor recorded in history, ledgers and events. `system` for work nobody asked for (seeding, relays). */
export interface Actor {
  id: string | null;
  role: Role | 'system';
}

export const actorOf = (user: AuthUser | undefined): Actor => (user ? { id: user.id, role: user.role } : { id: null, role: 'system' });
