import { Query } from '@nestjs/cqrs';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Page } from '../../common/pagination';
import type { ListPaymentMethodsQueryDto, PaymentMethodView } from '../dto/payment-method.dto';

export class ListPaymentMethodsQuery extends Query<Page<PaymentMethodView>> {
  constructor(
    readonly user: AuthUser,
    readonly query: ListPaymentMethodsQueryDto,
  ) {
    super();
  }
}
