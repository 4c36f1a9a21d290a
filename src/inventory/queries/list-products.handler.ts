import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { decodeTimeCursor, Page, toPage } from '../../common/pagination';
import { ProductView } from '../dto/product.dto';
import { productViewFor } from '../dto/views';
import { Product } from '../entities/product.entity';
import { ListProductsQuery } from './list-products.query';

/** `%`, `_` and `\` in a search term match themselves. */
export const likePattern = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Keyset pagination on (createdAt, id), oldest first: both are immutable, so a page boundary never
 * moves and every product that existed when the listing began is returned exactly once, however many
 * are inserted meanwhile. createdAt has millisecond precision in the schema, so the cursor (a
 * JavaScript Date) carries it exactly.
 */
@QueryHandler(ListProductsQuery)
export class ListProductsHandler implements IQueryHandler<ListProductsQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ filter, forCustomer }: ListProductsQuery): Promise<Page<ProductView>> {
    const after = decodeTimeCursor(filter.cursor);
    const qb = this.dataSource.manager
      .createQueryBuilder(Product, 'p')
      .orderBy('p.createdAt', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .limit(filter.limit + 1);
    if (after) qb.andWhere('(p.createdAt, p.id) > (:at, :id)', after);
    if (filter.q) qb.andWhere('(p.name ILIKE :q OR p.sku ILIKE :q)', { q: likePattern(filter.q) });
    if (filter.categoryId) qb.andWhere('p.categoryId = :categoryId', { categoryId: filter.categoryId });
    if (filter.inStock !== undefined) qb.andWhere(filter.inStock ? 'p.stock > 0' : 'p.stock = 0');
    const active = forCustomer ? true : filter.active;
    if (active !== undefined) qb.andWhere('p.active = :active', { active });
    const rows = await qb.getMany();
    return toPage(rows, filter.limit, (p) => [new Date(p.createdAt).toISOString(), p.id], productViewFor(!forCustomer));
  }
}
