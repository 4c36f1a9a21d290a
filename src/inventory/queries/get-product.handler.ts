import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { ProductView } from '../dto/product.dto';
import { productViewFor } from '../dto/views';
import { Product } from '../entities/product.entity';
import { GetProductQuery } from './get-product.query';

/**
 * Straight from the database, never cached: stock must be read-your-writes across modules and
 * instances. Customers get the catalogue view: active products only, no staff-only fields.
 */
@QueryHandler(GetProductQuery)
export class GetProductHandler implements IQueryHandler<GetProductQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ productId, forCustomer }: GetProductQuery): Promise<ProductView> {
    const product = await this.dataSource.manager.findOneBy(Product, { id: productId });
    // Lists hide deactivated products from customers; by id they are just as absent.
    if (!product || (forCustomer && !product.active)) throw new NotFoundError('product');
    return productViewFor(!forCustomer)(product);
  }
}
