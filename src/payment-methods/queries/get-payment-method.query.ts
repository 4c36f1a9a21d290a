import { Query } from '@nestjs/cqrs';
import type { AuthUser } from '../../common/auth/auth-user';
import type { PaymentMethodView } from '../dto/payment-method.dto';

export class GetPaymentMethodQuery extends Query<PaymentMethodView> {
  constructor(
    readonly user: AuthUser,
    readonly paymentMethodId: string,
  ) {
    super();
  }
}
