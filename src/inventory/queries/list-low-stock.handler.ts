import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeCursor, Page, toPage } from '../../common/pagination';
import { ValidationError } from '../../common/errors/domain-error';
import { ProductView } from '../dto/product.dto';
import { toProductView } from '../dto/views';
import { Product } from '../entities/product.entity';
import { ListLowStockQuery } from './list-low-stock.query';

const MAX_INT = 2_147_483_647;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Active products at or below their own `lowStockThreshold` (or `?threshold=` for all), emptiest
 * first: keyset on (stock, id). Stock moves while someone pages, so a product may move across a
 * page boundary; this is a work list, not a ledger.
 */
@QueryHandler(ListLowStockQuery)
export class ListLowStockHandler implements IQueryHandler<ListLowStockQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ filter }: ListLowStockQuery): Promise<Page<ProductView>> {
    const after = decodeCursor<[number, string]>(filter.cursor, ['number', 'string']);
    // The stock column is a PostgreSQL integer: a larger sort key would fail in the query.
    if (after && (Math.abs(after[0]) > MAX_INT || !UUID.test(after[1]))) throw new ValidationError([{ field: 'cursor', message: 'cursor is not valid' }]);
    const qb = this.dataSource.manager
      .createQueryBuilder(Product, 'p')
      .where('p.active')
      .orderBy('p.stock', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(filter.limit + 1);
    if (filter.threshold !== undefined) qb.andWhere('p.stock <= :threshold', { threshold: filter.threshold });
    else qb.andWhere('p.stock <= p.lowStockThreshold');
    if (after) qb.andWhere('(p.stock, p.id) > (:stock, :id)', { stock: after[0], id: after[1] });
    const rows = await qb.getMany();
    return toPage(rows, filter.limit, (p) => [p.stock, p.id], toProductView);
  }
}
