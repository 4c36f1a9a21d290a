import { Query } from '@nestjs/cqrs';
import type { Page } from '../../common/pagination';
import type { OrderView } from '../dto/order.view';
import type { AuthUser } from '../../common/auth/auth-user';
import type { ListOrdersQueryDto } from '../dto/order-queries.dto';

export class ListOrdersQuery extends Query<Page<OrderView>> {
  constructor(
    readonly user: AuthUser,
    readonly filters: ListOrdersQueryDto,
  ) {
    super();
  }
}
