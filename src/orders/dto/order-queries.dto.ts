import { ApiPropertyOptional } from '@nestjs/swagger';
import { digitsToNumber } from '../../common/http/validation';
import { Transform, Type } from 'class-transformer';
import { IsArray, IsDate, IsIn, IsInt, IsOptional, IsUUID, Max, MaxDate, Min, MinDate } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { ORDER_STATUSES, OrderStatus } from '../domain/order-status';

// Dates a row can have; others are a 400 rather than PostgreSQL's out-of-range error.
const EARLIEST = new Date('0001-01-01T00:00:00Z');
const LATEST = new Date('9999-12-31T23:59:59Z');

const toArray = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

export class ListOrdersQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: ORDER_STATUSES, isArray: true, description: 'repeatable (`?status=a&status=b`)' })
  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @IsIn(ORDER_STATUSES, { each: true })
  status?: OrderStatus[];

  @ApiPropertyOptional({ format: 'uuid', description: 'admin only (ignored for customers)' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'created at or after (inclusive)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @MinDate(EARLIEST)
  @MaxDate(LATEST)
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time', description: 'created at or before (inclusive)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @MinDate(EARLIEST)
  @MaxDate(LATEST)
  to?: Date;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @Transform(digitsToNumber)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  minTotalCents?: number;

  @ApiPropertyOptional({ minimum: 0 })
  @IsOptional()
  @Transform(digitsToNumber)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  maxTotalCents?: number;
}

export class OrderStatsQueryDto {
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @MinDate(EARLIEST)
  @MaxDate(LATEST)
  from?: Date;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  @MinDate(EARLIEST)
  @MaxDate(LATEST)
  to?: Date;
}
