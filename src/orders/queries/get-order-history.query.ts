import { Query } from '@nestjs/cqrs';
import type { HistoryView } from '../../history/history-entry.view';
import type { AuthUser } from '../../common/auth/auth-user';

export class GetOrderHistoryQuery extends Query<HistoryView> {
  constructor(
    readonly user: AuthUser,
    readonly orderId: string,
  ) {
    super();
  }
}
