import { Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { PaymentMethodSnapshot, snapshotOf } from './domain/payment-method-details';
import { PaymentMethodUnusableError } from './domain/payment-method.errors';
import { PaymentMethod } from './entities/payment-method.entity';

/**
 * What other modules may ask about saved payment methods (Orders: "which method, as the order
 * should remember it?"), so that nobody else reads the payment_methods table.
 */
@Injectable()
export class PaymentMethodDirectory {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The snapshot an order keeps of the customer's live method `paymentMethodId`; a method that is
   * missing, deleted or another customer's is a 422 (the order body is well-formed, the reference
   * unusable). One read by primary key, outside the order's statement: a method deleted a moment
   * later is no different from one deleted after the order, whose snapshot stays.
   */
  async snapshotFor(customerId: string, paymentMethodId: string): Promise<{ id: string; snapshot: PaymentMethodSnapshot }> {
    const method = await this.dataSource.getRepository(PaymentMethod).findOne({
      where: { id: paymentMethodId, customerId, deletedAt: IsNull() },
      select: { id: true, type: true, label: true, details: true },
    });
    if (!method) throw new PaymentMethodUnusableError();
    return { id: method.id, snapshot: snapshotOf(method) };
  }
}
