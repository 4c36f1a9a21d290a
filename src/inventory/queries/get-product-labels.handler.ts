import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { GetProductLabelsQuery, ProductLabel } from './get-product-labels.query';

/** One read by primary key; unknown ids are simply absent. */
@QueryHandler(GetProductLabelsQuery)
export class GetProductLabelsHandler implements IQueryHandler<GetProductLabelsQuery, ProductLabel[]> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ productIds }: GetProductLabelsQuery): Promise<ProductLabel[]> {
    if (productIds.length === 0) return [];
    return (await this.dataSource.query(`SELECT "id", "sku", "name" FROM "products" WHERE "id" = ANY($1::uuid[])`, [
      productIds.map((id) => id.toLowerCase()),
    ])) as ProductLabel[];
  }
}
