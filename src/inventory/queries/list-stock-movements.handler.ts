import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { decodeTimeCursor, Page, toPage } from '../../common/pagination';
import { StockMovementView } from '../dto/product.dto';
import { toStockMovementView } from '../dto/views';
import { Product } from '../entities/product.entity';
import { StockMovement } from '../entities/stock-movement.entity';
import { ListStockMovementsQuery } from './list-stock-movements.query';

/** The ledger of one product, newest first, keyset-paged on (createdAt, id). */
@QueryHandler(ListStockMovementsQuery)
export class ListStockMovementsHandler implements IQueryHandler<ListStockMovementsQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ productId, page }: ListStockMovementsQuery): Promise<Page<StockMovementView>> {
    const before = decodeTimeCursor(page.cursor);
    if (!(await this.dataSource.manager.existsBy(Product, { id: productId }))) throw new NotFoundError('product');
    const qb = this.dataSource.manager
      .createQueryBuilder(StockMovement, 'm')
      .where('m.productId = :productId', { productId })
      .orderBy('m.createdAt', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(page.limit + 1);
    if (before) qb.andWhere('(m.createdAt, m.id) < (:at, :id)', before);
    const rows = await qb.getMany();
    return toPage(rows, page.limit, (m) => [new Date(m.createdAt).toISOString(), m.id], toStockMovementView);
  }
}
