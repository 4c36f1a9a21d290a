import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeTimeCursor, Page, toPage } from '../../common/pagination';
import { OrderTemplateView, toOrderTemplateView } from '../dto/order-template.dto';
import { OrderTemplate } from '../entities/order-template.entity';
import { ListOrderTemplatesQuery } from './list-order-templates.query';

/** The caller's templates, newest first, keyset-paged on (createdAt, id) over the owner's index. */
@QueryHandler(ListOrderTemplatesQuery)
export class ListOrderTemplatesHandler implements IQueryHandler<ListOrderTemplatesQuery, Page<OrderTemplateView>> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ user, page }: ListOrderTemplatesQuery): Promise<Page<OrderTemplateView>> {
    const qb = this.dataSource.getRepository(OrderTemplate).createQueryBuilder('t').where('t.customerId = :me', { me: user.id });
    const cursor = decodeTimeCursor(page.cursor);
    if (cursor) qb.andWhere('(t.createdAt, t.id) < (:at, :id)', cursor);
    const rows = await qb
      .orderBy('t.createdAt', 'DESC')
      .addOrderBy('t.id', 'DESC')
      .take(page.limit + 1)
      .getMany();
    return toPage(rows, page.limit, (t) => [t.createdAt.toISOString(), t.id], toOrderTemplateView);
  }
}
