import { Query } from '@nestjs/cqrs';
import { Page } from '../../common/pagination';
import { ListProductsQueryDto, ProductView } from '../dto/product.dto';

export class ListProductsQuery extends Query<Page<ProductView>> {
  constructor(
    readonly filter: ListProductsQueryDto,
    /** A customer's list: active products only, whatever `active` says, without staff-only fields. */
    readonly forCustomer: boolean,
  ) {
    super();
  }
}
