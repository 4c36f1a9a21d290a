import { Command } from '@nestjs/cqrs';
import type { SignedIn } from './log-in.handler';
export class LogInCommand extends Command<SignedIn> {
  constructor(
    readonly email: string,
    readonly password: string,
    /** Client address, for the per IP + email failure limit. */
    readonly ip: string,
  ) {
    super();
  }
}
