import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource, IsNull } from 'typeorm';
import { isAdmin } from '../../common/auth/ownership';
import { PaymentMethodNotFoundError } from '../domain/payment-method.errors';
import { PaymentMethodView, toPaymentMethodView } from '../dto/payment-method.dto';
import { PaymentMethod } from '../entities/payment-method.entity';
import { GetPaymentMethodQuery } from './get-payment-method.query';

/** The owner's or (admin) anyone's live method; someone else's or a deleted one answers 404. */
@QueryHandler(GetPaymentMethodQuery)
export class GetPaymentMethodHandler implements IQueryHandler<GetPaymentMethodQuery, PaymentMethodView> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ user, paymentMethodId }: GetPaymentMethodQuery): Promise<PaymentMethodView> {
    const method = await this.dataSource
      .getRepository(PaymentMethod)
      .findOneBy({ id: paymentMethodId, deletedAt: IsNull(), ...(isAdmin(user) ? {} : { customerId: user.id }) });
    if (!method) throw new PaymentMethodNotFoundError();
    return toPaymentMethodView(method);
  }
}
