import type { AuthUser } from '../../common/auth/auth-user';

export class GetOrderQuery {
  constructor(
    readonly user: AuthUser,
    readonly orderId: string,
  ) {}
}
