import { Query } from '@nestjs/cqrs';
import { StockMovementView } from '../dto/product.dto';

export class GetStockMovementQuery extends Query<StockMovementView> {
  constructor(
    readonly productId: string,
    readonly movementId: string,
  ) {
    super();
  }
}
