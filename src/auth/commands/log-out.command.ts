import type { AuthUser } from '../../common/auth/auth-user';

export class LogOutCommand {
  constructor(
    readonly user: AuthUser,
    readonly refreshToken: string,
  ) {}
}
