import type { AuthUser } from '../../common/auth/auth-user';
import type { ListOrdersQueryDto } from '../dto/order-queries.dto';

export class ListOrdersQuery {
  constructor(
    readonly user: AuthUser,
    readonly filters: ListOrdersQueryDto,
  ) {}
}
