import { Command } from '@nestjs/cqrs';

export class ForgotPasswordCommand extends Command<void> {
  constructor(
    readonly email: string,
    /** Client address, for the per IP + email limit. */
    readonly ip: string,
  ) {
    super();
  }
}
