import type { AuthUser } from '../../common/auth/auth-user';

export class GetOrderStatisticsQuery {
  constructor(
    readonly user: AuthUser,
    readonly orderId: string,
  ) {}
}
