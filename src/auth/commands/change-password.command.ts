import { Command } from '@nestjs/cqrs';
import type { AuthUser } from '../../common/auth/auth-user';

export class ChangePasswordCommand extends Command<void> {
  constructor(
    readonly caller: AuthUser,
    readonly currentPassword: string,
    readonly newPassword: string,
  ) {
    super();
  }
}
