import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { FindUnavailableProductsQuery } from './find-unavailable-products.query';

/** The given ids that name no active product, in the order given (one read, no lock: a check, not a reservation). */
@QueryHandler(FindUnavailableProductsQuery)
export class FindUnavailableProductsHandler implements IQueryHandler<FindUnavailableProductsQuery, string[]> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ productIds }: FindUnavailableProductsQuery): Promise<string[]> {
    if (productIds.length === 0) return [];
    const rows = (await this.dataSource.query(`SELECT "id" FROM "products" WHERE "id" = ANY($1::uuid[]) AND "active"`, [
      productIds.map((id) => id.toLowerCase()),
    ])) as Array<{ id: string }>;
    const available = new Set(rows.map((row) => row.id));
    return productIds.filter((id) => !available.has(id.toLowerCase()));
  }
}
