import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ValidationError } from '../../common/errors/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { ReportGrouping, SalesPeriodView, SalesReportView, TopProductView } from '../dto/sales-report.dto';
import { GetProductLabelsQuery } from '../../inventory/queries/get-product-labels.query';
import { GetSalesReportQuery } from './get-sales-report.query';

/** More periods than anyone reads in one report (almost three years of days). */
export const MAX_REPORT_PERIODS = 1000;

const PERIOD_FORMAT: Record<ReportGrouping, string> = { day: 'YYYY-MM-DD', week: 'YYYY-MM-DD', month: 'YYYY-MM' };
const PERIOD_DAYS: Record<ReportGrouping, number> = { day: 1, week: 7, month: 28 };

/**
 * Where the range's order ids lie ($1 from, $2 to): the smallest and the largest, and whether all
 * of them are time-ordered (UUID v7: version nibble "7", the 15th character of the text form — not
 * uuid_extract_version(), which PostgreSQL 16 lacks). Read first, in the report's snapshot; exported for the benchmark.
 */
export const SALES_SPAN_SQL = `SELECT min(o."id"::text COLLATE "C")::uuid AS "lo", max(o."id"::text COLLATE "C")::uuid AS "hi",
        coalesce(bool_and(substr(o."id"::text, 15, 1) = '7'), true) AS "timeOrdered"
   FROM "orders" o
  WHERE o."createdAt" >= $1 AND o."createdAt" <= $2 AND o."status" <> 'cancelled'`;

/**
 * The report's statement ($1 from, $2 to, $3 date_trunc unit, $4 period format, $5 top, $6/$7 the
 * lowest/highest order id of the range when they are time-ordered, else null); exported for the
 * benchmark's EXPLAIN.
 */
export const SALES_REPORT_SQL = `WITH "sold" AS NOT MATERIALIZED (
     SELECT o."id", o."totalCents", date_trunc($3, o."createdAt" AT TIME ZONE 'UTC') AS "bucket"
       FROM "orders" o
      WHERE o."createdAt" >= $1 AND o."createdAt" <= $2 AND o."status" <> 'cancelled'),
   "lines" AS (
     SELECT s."bucket", i."productId", i."quantity", i."lineTotalCents"
       FROM "order_items" i JOIN "sold" s ON s."id" = i."orderId"
      WHERE $6::uuid IS NULL OR i."orderId" BETWEEN $6::uuid AND $7::uuid),
   "by_product_period" AS (
     SELECT "bucket", "productId", sum("quantity") AS "quantity", sum("lineTotalCents") AS "revenue"
       FROM "lines" GROUP BY "bucket", "productId"),
   "by_period" AS (
     SELECT "bucket", count(*) AS "orders", sum("totalCents") AS "revenue" FROM "sold" GROUP BY "bucket"),
   "units_by_period" AS (
     SELECT "bucket", sum("quantity") AS "units" FROM "by_product_period" GROUP BY "bucket"),
   "periods" AS (
     SELECT to_char(p."bucket", $4) AS "period",
            coalesce(b."orders", 0)::bigint AS "orders",
            coalesce(b."revenue", 0)::bigint AS "revenueCents",
            CASE WHEN b."orders" > 0 THEN round(b."revenue"::numeric / b."orders") ELSE 0 END::bigint AS "averageOrderCents",
            coalesce(u."units", 0)::bigint AS "itemsSold"
        FROM generate_series(date_trunc($3, $1::timestamptz AT TIME ZONE 'UTC'),
                            date_trunc($3, $2::timestamptz AT TIME ZONE 'UTC'), ('1 ' || $3)::interval) AS p("bucket")
       LEFT JOIN "by_period" b USING ("bucket")
       LEFT JOIN "units_by_period" u USING ("bucket")),
   "top" AS (
     SELECT "productId", sum("quantity")::bigint AS "quantity", sum("revenue")::bigint AS "revenueCents"
       FROM "by_product_period" GROUP BY "productId"
      ORDER BY sum("quantity") DESC, sum("revenue") DESC, "productId"
      LIMIT $5)
   SELECT (SELECT coalesce(json_agg(p ORDER BY p."period"), '[]') FROM "periods" p) AS "items",
          (SELECT coalesce(json_agg(t ORDER BY t."quantity" DESC, t."revenueCents" DESC, t."productId"), '[]') FROM "top" t) AS "topProducts"`;

export interface SalesSpan {
  lo: string | null;
  hi: string | null;
  timeOrdered: boolean;
}

export const salesReportParameters = (from: Date, to: Date, groupBy: ReportGrouping, top: number, span: SalesSpan): unknown[] => [
  from,
  to,
  groupBy,
  PERIOD_FORMAT[groupBy],
  top,
  span.timeOrdered ? span.lo : null,
  span.timeOrdered ? span.hi : null,
];

/**
 * The sales report is ONE aggregating statement, so PostgreSQL does the work and one snapshot
 * answers every figure: the range's non-cancelled orders come index-only from IDX_orders_created
 * (it carries status and total), and their lines are aggregated once per period and product — both
 * the per-period items and the top products are read from those few rows.
 *
 * Finding the lines is what costs on a big table. Order ids are UUID v7 (time-ordered, see
 * migrations/1764750000010-TimeOrderedOrderIds.ts), so a month's orders have ids in one narrow
 * range: when every id in the range is a v7 one, the lines are one index-only range scan of
 * UQ_order_items_product between the smallest and the largest of them, joined to the orders by
 * hash. The range is only a pre-filter (the join decides), so it is exact for any ids; with older,
 * random ids in the range it would cover most of the index, so that case hashes the orders and
 * scans the lines once instead (the plan before v7 ids, still used for history older than them).
 * Measured with bench/sales-report.js (bench/README.md). Periods come from generate_series, so
 * empty ones are rows of zeros rather than gaps. Nothing but the result rows reaches the
 * application; the top products' sku and name are the catalogue's, asked of Inventory for those ids.
 */
@QueryHandler(GetSalesReportQuery)
export class GetSalesReportHandler implements IQueryHandler<GetSalesReportQuery, SalesReportView> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queries: QueryBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ from, to, groupBy, top }: GetSalesReportQuery): Promise<SalesReportView> {
    if (from.getTime() > to.getTime()) throw new ValidationError([{ field: 'to', message: 'to must not be before from' }]);
    const periods = (to.getTime() - from.getTime()) / (PERIOD_DAYS[groupBy] * 86_400_000);
    if (periods > MAX_REPORT_PERIODS) {
      throw new ValidationError([
        {
          field: 'to',
          message: `the range spans more than ${MAX_REPORT_PERIODS} ${groupBy}s; group by a longer period or narrow it`,
        },
      ]);
    }
    // Both statements in one snapshot, so the span covers every order the report counts.
    const row = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const [span] = (await manager.query(SALES_SPAN_SQL, [from, to])) as SalesSpan[];
      const [report] = (await manager.query(SALES_REPORT_SQL, salesReportParameters(from, to, groupBy, top, span))) as Array<{
        items: SalesPeriodView[];
        topProducts: Array<Omit<TopProductView, 'sku' | 'name'>>;
      }>;
      return report;
    });
    const labels = await this.queries.execute(new GetProductLabelsQuery(row.topProducts.map((p) => p.productId)));
    const labelOf = new Map(labels.map((label) => [label.id, label]));
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      groupBy,
      currency: this.config.currency,
      items: row.items,
      topProducts: row.topProducts.map(({ productId, quantity, revenueCents }) => ({
        productId,
        sku: labelOf.get(productId)?.sku ?? '',
        name: labelOf.get(productId)?.name ?? '',
        quantity,
        revenueCents,
      })),
    };
  }
}
