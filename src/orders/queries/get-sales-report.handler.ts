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

/** The report's statement ($1 from, $2 to, $3 date_trunc unit, $4 period format, $5 top); exported for the benchmark's EXPLAIN. */
export const SALES_REPORT_SQL = `WITH "sold" AS MATERIALIZED (
     SELECT o."id", o."totalCents", date_trunc($3, o."createdAt" AT TIME ZONE 'UTC') AS "bucket"
       FROM "orders" o
      WHERE o."createdAt" >= $1 AND o."createdAt" <= $2 AND o."status" <> 'cancelled'),
   "lines" AS MATERIALIZED (
     SELECT s."bucket", i."productId", i."quantity", i."lineTotalCents"
       FROM "sold" s JOIN "order_items" i ON i."orderId" = s."id"),
   "by_period" AS (
     SELECT "bucket", count(*) AS "orders", sum("totalCents") AS "revenue" FROM "sold" GROUP BY "bucket"),
   "units_by_period" AS (
     SELECT "bucket", sum("quantity") AS "units" FROM "lines" GROUP BY "bucket"),
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
     SELECT "productId",
            sum("quantity")::bigint AS "quantity",
            sum("lineTotalCents")::bigint AS "revenueCents"
       FROM "lines" GROUP BY "productId"
      ORDER BY sum("quantity") DESC, sum("lineTotalCents") DESC, "productId"
      LIMIT $5)
   SELECT (SELECT coalesce(json_agg(p ORDER BY p."period"), '[]') FROM "periods" p) AS "items",
          (SELECT coalesce(json_agg(t ORDER BY t."quantity" DESC, t."revenueCents" DESC, t."productId"), '[]') FROM "top" t) AS "topProducts"`;

export const salesReportParameters = (from: Date, to: Date, groupBy: ReportGrouping, top: number): unknown[] => [
  from,
  to,
  groupBy,
  PERIOD_FORMAT[groupBy],
  top,
];

/**
 * The sales report is ONE aggregating statement, so PostgreSQL does the work and one snapshot
 * answers every figure: the range's non-cancelled orders come from the (createdAt) index, their
 * lines from the (orderId, productId) index — joined once, materialised, and read by both the
 * per-period sums and the top products. PostgreSQL hashes the range's orders and scans
 * order_items once; fetching the lines per order instead (a LATERAL index lookup) was measured
 * slower for a month and three times slower for a year (bench/sales-report.js, bench/README.md). Periods come from generate_series, so empty ones are rows
 * of zeros rather than gaps. Nothing but the result rows reaches the application; the top
 * products' sku and name are the catalogue's, asked of Inventory for those few ids.
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
    const [row] = (await this.dataSource.query(SALES_REPORT_SQL, salesReportParameters(from, to, groupBy, top))) as Array<{
      items: SalesPeriodView[];
      topProducts: Array<Omit<TopProductView, 'sku' | 'name'>>;
    }>;
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
