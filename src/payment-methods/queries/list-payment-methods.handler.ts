import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { isAdmin } from '../../common/auth/ownership';
import { ValidationError } from '../../common/errors/domain-error';
import { decodeCursor, Page, toPage } from '../../common/pagination';
import { PaymentMethodView, toPaymentMethodView } from '../dto/payment-method.dto';
import { PaymentMethod } from '../entities/payment-method.entity';
import { ListPaymentMethodsQuery } from './list-payment-methods.query';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A customer's live methods, the default first, then newest first: keyset-paged on
 * (isDefault, createdAt, id), all descending, over the customer's partial index. Customers see
 * their own; an admin sees the `customerId` given (their own without one).
 */
@QueryHandler(ListPaymentMethodsQuery)
export class ListPaymentMethodsHandler implements IQueryHandler<ListPaymentMethodsQuery, Page<PaymentMethodView>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ user, query }: ListPaymentMethodsQuery): Promise<Page<PaymentMethodView>> {
    const customerId = isAdmin(user) && query.customerId ? query.customerId : user.id;
    const qb = this.dataSource
      .getRepository(PaymentMethod)
      .createQueryBuilder('m')
      .where('m.customerId = :customerId', { customerId })
      .andWhere('m.deletedAt IS NULL');
    const cursor = decodeListCursor(query.cursor);
    if (cursor) qb.andWhere('(m.isDefault, m.createdAt, m.id) < (:isDefault, :at, :id)', cursor);
    const rows = await qb
      .orderBy('m.isDefault', 'DESC')
      .addOrderBy('m.createdAt', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .take(query.limit + 1)
      .getMany();
    return toPage(rows, query.limit, (m) => [m.isDefault ? 1 : 0, m.createdAt.toISOString(), m.id], toPaymentMethodView);
  }
}

function decodeListCursor(cursor: string | undefined): { isDefault: boolean; at: Date; id: string } | undefined {
  const values = decodeCursor<[number, string, string]>(cursor, ['number', 'string', 'string']);
  if (!values) return undefined;
  const [isDefault, at, id] = values;
  const date = new Date(at);
  const year = date.getUTCFullYear();
  if ((isDefault !== 0 && isDefault !== 1) || Number.isNaN(date.getTime()) || year < 1 || year > 9999 || !UUID.test(id)) {
    throw new ValidationError([{ field: 'cursor', message: 'cursor is not valid' }]);
  }
  return { isDefault: isDefault === 1, at: date, id };
}
