import { Query } from '@nestjs/cqrs';
import type { AuthUser } from '../../common/auth/auth-user';
import type { OrderTemplateView } from '../dto/order-template.dto';

export class GetOrderTemplateQuery extends Query<OrderTemplateView> {
  constructor(
    readonly user: AuthUser,
    readonly templateId: string,
  ) {
    super();
  }
}
