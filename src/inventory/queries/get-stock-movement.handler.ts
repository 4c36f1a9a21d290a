import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { StockMovementView } from '../dto/product.dto';
import { toStockMovementView } from '../dto/views';
import { StockMovement } from '../entities/stock-movement.entity';
import { GetStockMovementQuery } from './get-stock-movement.query';

@QueryHandler(GetStockMovementQuery)
export class GetStockMovementHandler implements IQueryHandler<GetStockMovementQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ productId, movementId }: GetStockMovementQuery): Promise<StockMovementView> {
    const movement = await this.dataSource.manager.findOneBy(StockMovement, { id: movementId, productId });
    if (!movement) throw new NotFoundError('stock movement');
    return toStockMovementView(movement);
  }
}
