import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, IsNull } from 'typeorm';
import { isAdmin } from '../../common/auth/ownership';
import { PaymentMethodNotFoundError } from '../domain/payment-method.errors';
import { PaymentMethod } from '../entities/payment-method.entity';
import { DeletePaymentMethodCommand } from './delete-payment-method.command';

/**
 * One statement, scoped to the owner unless the caller is an admin: someone else's method is as
 * absent as a missing or already deleted one (404). Soft: the row stays for the record, but it is
 * no longer the default (no other method becomes it) and its provider token is gone, so it can
 * never be charged. Orders placed with it keep their own snapshot.
 */
@CommandHandler(DeletePaymentMethodCommand)
export class DeletePaymentMethodHandler implements ICommandHandler<DeletePaymentMethodCommand, void> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ user, paymentMethodId }: DeletePaymentMethodCommand): Promise<void> {
    const { affected } = await this.dataSource
      .getRepository(PaymentMethod)
      .update(
        { id: paymentMethodId, deletedAt: IsNull(), ...(isAdmin(user) ? {} : { customerId: user.id }) },
        { deletedAt: () => 'now()', isDefault: false, providerToken: null },
      );
    if (!affected) throw new PaymentMethodNotFoundError();
  }
}
