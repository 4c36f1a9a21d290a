import { Command } from '@nestjs/cqrs';
import type { User } from '../entities/user.entity';

export class VerifyEmailCommand extends Command<User> {
  constructor(readonly token: string) {
    super();
  }
}
