import type { AuthUser } from '../../common/auth/auth-user';

export class GetOrderHistoryQuery {
  constructor(
    readonly user: AuthUser,
    readonly orderId: string,
  ) {}
}
