import { Command } from '@nestjs/cqrs';
import type { AuthUser } from '../../common/auth/auth-user';
import type { PaymentMethodView } from '../dto/payment-method.dto';

/** Makes one of the caller's methods their default (POST /payment-methods/:id/default). */
export class MakeDefaultPaymentMethodCommand extends Command<PaymentMethodView> {
  constructor(
    readonly user: AuthUser,
    readonly paymentMethodId: string,
  ) {
    super();
  }
}
