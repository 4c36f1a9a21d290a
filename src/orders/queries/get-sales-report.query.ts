import { Query } from '@nestjs/cqrs';
import type { ReportGrouping, SalesReportView } from '../dto/sales-report.dto';

/** Sales between two instants (inclusive), in UTC periods, with the top products (GET /orders/reports/sales). */
export class GetSalesReportQuery extends Query<SalesReportView> {
  constructor(
    readonly from: Date,
    readonly to: Date,
    readonly groupBy: ReportGrouping,
    readonly top: number,
  ) {
    super();
  }
}
