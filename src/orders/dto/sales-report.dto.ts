import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { digitsToNumber } from '../../common/http/validation';
import { IsDate, IsDefined, IsIn, IsInt, IsOptional, Max, MaxDate, Min, MinDate } from 'class-validator';

export const REPORT_GROUPINGS = ['day', 'week', 'month'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

const EARLIEST = new Date('0001-01-01T00:00:00Z');
const LATEST = new Date('9999-12-31T23:59:59.999Z');
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `to` as a calendar day means the whole day: its last millisecond (createdAt has millisecond precision). */
const toInstant = ({ obj }: { obj: Record<string, unknown> }) => {
  const raw = obj.to;
  if (typeof raw !== 'string') return raw;
  return new Date(DATE_ONLY.test(raw) ? `${raw}T23:59:59.999Z` : raw);
};

export class SalesReportQueryDto {
  @ApiProperty({
    format: 'date-time',
    description: 'first instant (inclusive); a date (`2026-11-23`) is its midnight UTC',
    example: '2026-11-23',
  })
  @IsDefined()
  @Type(() => Date)
  @IsDate()
  @MinDate(EARLIEST)
  @MaxDate(LATEST)
  from: Date;

  @ApiProperty({
    format: 'date-time',
    description: 'last instant (inclusive); a date (`2026-11-29`) is the whole day, UTC',
    example: '2026-11-29',
  })
  @IsDefined()
  @Transform(toInstant)
  @IsDate()
  @MinDate(EARLIEST)
  @MaxDate(LATEST)
  to: Date;

  @ApiPropertyOptional({ enum: REPORT_GROUPINGS, default: 'day', description: 'UTC buckets; weeks start on Monday (ISO 8601)' })
  @IsOptional()
  @IsIn(REPORT_GROUPINGS)
  groupBy: ReportGrouping = 'day';

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 10, description: 'how many top products' })
  @IsOptional()
  @Transform(digitsToNumber)
  @IsInt()
  @Min(1)
  @Max(100)
  top: number = 10;
}

export class SalesPeriodView {
  @ApiProperty({
    description: 'the bucket: `YYYY-MM-DD` for a day, the Monday `YYYY-MM-DD` for a week, `YYYY-MM` for a month',
    example: '2026-11-23',
  })
  period: string;
  @ApiProperty({ description: 'orders created in the period, cancelled ones excluded' }) orders: number;
  @ApiProperty({ description: 'sum of their totalCents' }) revenueCents: number;
  @ApiProperty({ description: 'revenueCents ÷ orders, rounded half-up; 0 without orders' }) averageOrderCents: number;
  @ApiProperty({ description: 'units on their lines' }) itemsSold: number;
}

export class TopProductView {
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty({ description: 'as in the catalogue now' }) sku: string;
  @ApiProperty({ description: 'as in the catalogue now' }) name: string;
  @ApiProperty({ description: 'units sold in the range' }) quantity: number;
  @ApiProperty({ description: "sum of its lines' lineTotalCents (before tax and shipping)" }) revenueCents: number;
}

export class SalesReportView {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ enum: REPORT_GROUPINGS }) groupBy: ReportGrouping;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ type: [SalesPeriodView], description: 'every period from `from` to `to`, oldest first, empty ones included' })
  items: SalesPeriodView[];
  @ApiProperty({ type: [TopProductView], description: 'by units sold, most first' }) topProducts: TopProductView[];
}
