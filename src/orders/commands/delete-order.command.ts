import type { AuthUser } from '../../common/auth/auth-user';

export class DeleteOrderCommand {
  constructor(
    readonly user: AuthUser,
    readonly orderId: string,
    readonly ifMatch?: string,
  ) {}
}
