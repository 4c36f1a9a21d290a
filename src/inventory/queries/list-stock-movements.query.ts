import { Query } from '@nestjs/cqrs';
import { Page, PageQuery } from '../../common/pagination';
import { StockMovementView } from '../dto/product.dto';

export class ListStockMovementsQuery extends Query<Page<StockMovementView>> {
  constructor(
    readonly productId: string,
    readonly page: PageQuery,
  ) {
    super();
  }
}
