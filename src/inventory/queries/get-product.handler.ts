import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { ProductView } from '../dto/product.dto';
import { toProductView } from '../dto/views';
import { Product } from '../entities/product.entity';
import { GetProductQuery } from './get-product.query';

/** Straight from the database, never cached: stock must be read-your-writes across modules and instances. */
@QueryHandler(GetProductQuery)
export class GetProductHandler implements IQueryHandler<GetProductQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ productId }: GetProductQuery): Promise<ProductView> {
    const product = await this.dataSource.manager.findOneBy(Product, { id: productId });
    if (!product) throw new NotFoundError('product');
    return toProductView(product);
  }
}
