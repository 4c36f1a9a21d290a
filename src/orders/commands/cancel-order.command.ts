import type { AuthUser } from '../../common/auth/auth-user';

export class CancelOrderCommand {
  constructor(
    readonly user: AuthUser,
    readonly orderId: string,
    readonly reason?: string,
    readonly ifMatch?: string,
  ) {}
}
