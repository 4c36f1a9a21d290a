import { Command } from '@nestjs/cqrs';
import type { SignedIn } from './log-in.handler';
export class RefreshTokensCommand extends Command<SignedIn> {
  constructor(readonly refreshToken: string) {
    super();
  }
}
