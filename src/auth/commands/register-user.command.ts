import { Command } from '@nestjs/cqrs';
import type { User } from '../entities/user.entity';
export class RegisterUserCommand extends Command<User> {
  constructor(
    readonly email: string,
    readonly password: string,
    readonly name: string,
    /** Client address, for the per IP + email attempt limit. */
    readonly ip: string,
  ) {
    super();
  }
}
