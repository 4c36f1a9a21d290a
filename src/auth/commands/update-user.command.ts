import type { AuthUser, Role } from '../../common/auth/auth-user';

export class UpdateUserCommand {
  constructor(
    readonly actor: AuthUser,
    readonly userId: string,
    readonly changes: { role?: Role; active?: boolean },
    /** The version from `If-Match`, when given. */
    readonly expectedVersion?: number,
  ) {}
}
