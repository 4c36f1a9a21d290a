import { Query } from '@nestjs/cqrs';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Page } from '../../common/pagination';
import type { ListOrderTemplatesQueryDto, OrderTemplateView } from '../dto/order-template.dto';

export class ListOrderTemplatesQuery extends Query<Page<OrderTemplateView>> {
  constructor(
    readonly user: AuthUser,
    readonly page: ListOrderTemplatesQueryDto,
  ) {
    super();
  }
}
