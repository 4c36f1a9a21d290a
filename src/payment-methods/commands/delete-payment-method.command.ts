import { Command } from '@nestjs/cqrs';
import type { AuthUser } from '../../common/auth/auth-user';

/** Deletes a method, the owner's or (admin) anyone's (DELETE /payment-methods/:id); orders keep their snapshot. */
export class DeletePaymentMethodCommand extends Command<void> {
  constructor(
    readonly user: AuthUser,
    readonly paymentMethodId: string,
  ) {
    super();
  }
}
