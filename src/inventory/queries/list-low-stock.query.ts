import { Query } from '@nestjs/cqrs';
import { Page } from '../../common/pagination';
import { LowStockQueryDto, ProductView } from '../dto/product.dto';

export class ListLowStockQuery extends Query<Page<ProductView>> {
  constructor(readonly filter: LowStockQueryDto) {
    super();
  }
}
