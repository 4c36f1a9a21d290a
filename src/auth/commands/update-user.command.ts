import { Command } from '@nestjs/cqrs';
import type { User } from '../entities/user.entity';
import type { AuthUser, Role } from '../../common/auth/auth-user';

export class UpdateUserCommand extends Command<User> {
  constructor(
    readonly actor: AuthUser,
    readonly userId: string,
    readonly changes: { role?: Role; active?: boolean },
    /** The `If-Match` header, when given. */
    readonly ifMatch?: string,
  ) {
    super();
  }
}
