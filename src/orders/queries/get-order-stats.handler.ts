import { ApiProperty } from '@nestjs/swagger';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { ORDER_STATUSES } from '../domain/order-status';
import { GetOrderStatsQuery } from './get-order-stats.query';

export class OrdersPerDayView {
  @ApiProperty({ example: '2026-11-29' }) date: string;
  @ApiProperty() count: number;
}

export class OrderStatsView {
  @ApiProperty() totalOrders: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'status → number of orders', example: { pending: 3, shipped: 1 } }) countsByStatus: Record<string, number>;
  @ApiProperty({ description: 'sum of totalCents over non-cancelled orders' }) revenueCents: number;
  @ApiProperty({ description: 'revenue ÷ non-cancelled orders, half-up' }) averageOrderValueCents: number;
  @ApiProperty({ type: [OrdersPerDayView] }) ordersPerDay: OrdersPerDayView[];
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty({ nullable: true, type: String }) to: string | null;
}

/** Admin figures over orders created in [from, to] (inclusive), all computed by SQL. */
@QueryHandler(GetOrderStatsQuery)
export class GetOrderStatsHandler implements IQueryHandler<GetOrderStatsQuery, OrderStatsView> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ from, to }: GetOrderStatsQuery): Promise<OrderStatsView> {
    const where = `WHERE ($1::timestamptz IS NULL OR "createdAt" >= $1) AND ($2::timestamptz IS NULL OR "createdAt" <= $2)`;
    const params = [from ?? null, to ?? null];
    const [byStatus, [money], perDay] = await Promise.all([
      this.dataSource.query(`SELECT "status", count(*)::int AS n FROM "orders" ${where} GROUP BY "status"`, params) as Promise<
        Array<{ status: string; n: number }>
      >,
      this.dataSource.query(
        `SELECT coalesce(sum("totalCents") FILTER (WHERE "status" <> 'cancelled'), 0)::text AS revenue,
                count(*) FILTER (WHERE "status" <> 'cancelled')::int AS counted,
                CASE WHEN count(*) FILTER (WHERE "status" <> 'cancelled') = 0 THEN 0
                     ELSE round(sum("totalCents") FILTER (WHERE "status" <> 'cancelled')::numeric
                                / count(*) FILTER (WHERE "status" <> 'cancelled'))::bigint END::text AS average
           FROM "orders" ${where}`,
        params,
      ) as Promise<Array<{ revenue: string; counted: number; average: string }>>,
      this.dataSource.query(
        `SELECT to_char(date_trunc('day', "createdAt" AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS date, count(*)::int AS count
           FROM "orders" ${where} GROUP BY 1 ORDER BY 1`,
        params,
      ) as Promise<OrdersPerDayView[]>,
    ]);
    const countsByStatus = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<string, number>;
    for (const row of byStatus) countsByStatus[row.status] = row.n;
    return {
      totalOrders: byStatus.reduce((sum, r) => sum + r.n, 0),
      countsByStatus,
      revenueCents: Number(money.revenue),
      averageOrderValueCents: Number(money.average),
      ordersPerDay: perDay,
      from: from?.toISOString() ?? null,
      to: to?.toISOString() ?? null,
    };
  }
}
