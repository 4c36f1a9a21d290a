import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { StockCheckView, StockProblemView } from '../dto/product.dto';
import { CheckStockQuery } from './check-stock.query';

const LEDGER = `
  FROM "products" p
  LEFT JOIN (SELECT "productId", sum("delta")::bigint AS "total" FROM "stock_movements" GROUP BY "productId") l ON l."productId" = p."id"`;

/**
 * Computed entirely in SQL, both statements in one REPEATABLE READ snapshot so the counts and the
 * listed problems agree even while orders are being placed.
 */
@QueryHandler(CheckStockQuery)
export class CheckStockHandler implements IQueryHandler<CheckStockQuery> {
  constructor(private readonly dataSource: DataSource) {}

  async execute(): Promise<StockCheckView> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [counts] = await manager.query<Array<Omit<StockCheckView, 'ok' | 'problems'>>>(`
        SELECT count(*)::int AS "products",
               (count(*) FILTER (WHERE p."active" AND p."stock" = 0))::int AS "outOfStock",
               (count(*) FILTER (WHERE p."active" AND p."stock" <= p."lowStockThreshold"))::int AS "lowStock",
               (count(*) FILTER (WHERE p."stock" < 0))::int AS "negativeStock",
               (count(*) FILTER (WHERE p."stock" <> coalesce(l."total", 0)))::int AS "ledgerMismatches"
        ${LEDGER}`);
      const problems = await manager.query<StockProblemView[]>(`
        SELECT p."id" AS "productId", p."sku", p."stock", coalesce(l."total", 0)::int AS "ledgerSum"
        ${LEDGER}
        WHERE p."stock" < 0 OR p."stock" <> coalesce(l."total", 0)
        ORDER BY p."id" LIMIT 100`);
      return { ...counts, ok: counts.negativeStock === 0 && counts.ledgerMismatches === 0, problems };
    });
  }
}
