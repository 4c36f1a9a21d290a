import { Command } from '@nestjs/cqrs';
import type { AuthUser } from '../../common/auth/auth-user';

export class DeleteOrderCommand extends Command<void> {
  constructor(
    readonly user: AuthUser,
    readonly orderId: string,
    readonly ifMatch?: string,
  ) {
    super();
  }
}
