import { Command } from '@nestjs/cqrs';
import type { AuthUser } from '../../common/auth/auth-user';

export class LogOutCommand extends Command<void> {
  constructor(
    readonly user: AuthUser,
    readonly refreshToken: string,
  ) {
    super();
  }
}
