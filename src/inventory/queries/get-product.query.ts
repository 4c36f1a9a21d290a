import { Query } from '@nestjs/cqrs';
import { ProductView } from '../dto/product.dto';

export class GetProductQuery extends Query<ProductView> {
  constructor(readonly productId: string) {
    super();
  }
}
