import { Command } from '@nestjs/cqrs';
import type { AuthUser } from '../../common/auth/auth-user';
import type { AddPaymentMethodDto, PaymentMethodView } from '../dto/payment-method.dto';

/** Saves a tokenised payment method for the caller (POST /payment-methods). */
export class AddPaymentMethodCommand extends Command<PaymentMethodView> {
  constructor(
    readonly user: AuthUser,
    readonly body: AddPaymentMethodDto,
  ) {
    super();
  }
}
