import { Query } from '@nestjs/cqrs';
import { ProductView } from '../dto/product.dto';

export class GetProductQuery extends Query<ProductView> {
  constructor(
    readonly productId: string,
    /** A customer reads the catalogue: a deactivated product is not there (404), staff-only fields are left out. */
    readonly forCustomer: boolean,
  ) {
    super();
  }
}
