import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DataSource, IsNull, Not } from 'typeorm';
import { lockCustomerPaymentMethods } from '../customer-lock';
import { PaymentMethodNotFoundError } from '../domain/payment-method.errors';
import { PaymentMethodView, toPaymentMethodView } from '../dto/payment-method.dto';
import { PaymentMethod } from '../entities/payment-method.entity';
import { MakeDefaultPaymentMethodCommand } from './make-default-payment-method.command';

/**
 * Under the customer's lock: the previous default stops being it, then this method becomes it (two
 * statements in that order, since the one-default index is checked row by row). Someone else's or
 * a deleted method is a 404; the method already being the default changes nothing.
 */
@CommandHandler(MakeDefaultPaymentMethodCommand)
export class MakeDefaultPaymentMethodHandler implements ICommandHandler<MakeDefaultPaymentMethodCommand, PaymentMethodView> {
  constructor(private readonly dataSource: DataSource) {}

  execute({ user, paymentMethodId }: MakeDefaultPaymentMethodCommand): Promise<PaymentMethodView> {
    const customerId = user.id;
    return this.dataSource.transaction(async (manager) => {
      await lockCustomerPaymentMethods(manager, customerId);
      const methods = manager.getRepository(PaymentMethod);
      const method = await methods.findOneBy({ id: paymentMethodId, customerId, deletedAt: IsNull() });
      if (!method) throw new PaymentMethodNotFoundError();
      if (method.isDefault) return toPaymentMethodView(method);
      await methods.update({ customerId, isDefault: true, deletedAt: IsNull(), id: Not(paymentMethodId) }, { isDefault: false });
      // A delete does not take the lock: it may have landed since the read (then nothing is updated).
      const { affected } = await methods.update({ id: paymentMethodId, deletedAt: IsNull() }, { isDefault: true });
      if (!affected) throw new PaymentMethodNotFoundError();
      return toPaymentMethodView(Object.assign(method, { isDefault: true }));
    });
  }
}
