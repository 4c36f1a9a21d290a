import { Query } from '@nestjs/cqrs';
import { Page } from '../../common/pagination';
import { ListProductsQueryDto, ProductView } from '../dto/product.dto';

export class ListProductsQuery extends Query<Page<ProductView>> {
  constructor(
    readonly filter: ListProductsQueryDto,
    /** Customers see active products only, whatever `active` says. */
    readonly activeOnly: boolean,
  ) {
    super();
  }
}
