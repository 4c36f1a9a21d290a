import { Command } from '@nestjs/cqrs';
import type { User } from '../entities/user.entity';

export class UpdateProfileCommand extends Command<User> {
  constructor(
    readonly userId: string,
    readonly changes: { name?: string; email?: string },
    readonly ifMatch?: string,
  ) {
    super();
  }
}
