import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, IsNull } from 'typeorm';
import { PG_UNIQUE_VIOLATION, pgErrorOf } from '../../database/pg-error';
import { lockCustomerPaymentMethods } from '../customer-lock';
import { cardHasExpired, CardDetails, defaultLabel, detailsOf, fingerprintOf } from '../domain/payment-method-details';
import { DuplicatePaymentMethodError, ExpiredCardError } from '../domain/payment-method.errors';
import { PaymentMethodView, toPaymentMethodView } from '../dto/payment-method.dto';
import { PaymentMethod } from '../entities/payment-method.entity';
import { AddPaymentMethodCommand } from './add-payment-method.command';

/**
 * Saves a method under the customer's lock: the same type + token as a live method is a 409; the
 * customer's first live method, or one sent with `makeDefault`, becomes the default (and the
 * previous default stops being it). The token is stored for charging and fingerprinted for the
 * duplicate rule; it leaves this handler only in the INSERT's parameters, which are never logged.
 */
@CommandHandler(AddPaymentMethodCommand)
export class AddPaymentMethodHandler implements ICommandHandler<AddPaymentMethodCommand, PaymentMethodView> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ user, body }: AddPaymentMethodCommand): Promise<PaymentMethodView> {
    const details = detailsOf(body.type, body.details);
    if (body.type === 'card' && cardHasExpired(details as CardDetails, new Date())) throw new ExpiredCardError();
    const customerId = user.id;
    const fingerprint = fingerprintOf(body.type, body.providerToken);
    try {
      return await this.dataSource.transaction(async (manager) => {
        await lockCustomerPaymentMethods(manager, customerId);
        const methods = manager.getRepository(PaymentMethod);
        const duplicate = await methods.findOne({
          where: { customerId, fingerprint, deletedAt: IsNull() },
          select: { id: true },
        });
        if (duplicate) throw new DuplicatePaymentMethodError(duplicate.id);
        const first = !(await methods.existsBy({ customerId, deletedAt: IsNull() }));
        const isDefault = first || body.makeDefault === true;
        if (isDefault && !first) await methods.update({ customerId, isDefault: true, deletedAt: IsNull() }, { isDefault: false });
        const saved = await methods.save(
          Object.assign(new PaymentMethod(), {
            customerId,
            type: body.type,
            label: body.label ?? defaultLabel(body.type, details),
            details,
            providerToken: body.providerToken,
            fingerprint,
            isDefault,
            deletedAt: null,
          }),
        );
        return toPaymentMethodView(saved);
      });
    } catch (error) {
      // The lock makes this unreachable from this handler; the index is the last word all the same.
      const { code, constraint } = pgErrorOf(error);
      if (code === PG_UNIQUE_VIOLATION && constraint === 'UQ_payment_methods_customer_fingerprint')
        throw new DuplicatePaymentMethodError();
      throw error;
    }
  }
}
