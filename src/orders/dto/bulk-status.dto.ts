import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';
import { ChangeOrderStatusDto } from './order-commands.dto';
import { OrderView } from './order.view';

export const MAX_BULK_ORDERS = 100;

/** POST /orders/bulk/status: one status (with its tracking number or reason) for up to 100 orders. */
export class ChangeOrderStatusesDto extends ChangeOrderStatusDto {
  @ApiProperty({
    type: [String],
    format: 'uuid',
    minItems: 1,
    maxItems: MAX_BULK_ORDERS,
    description: 'the orders to change; a duplicate id counts once',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BULK_ORDERS)
  @IsUUID(undefined, { each: true })
  orderIds: string[];
}

/** An RFC 9457 problem document, as a bulk result carries it. */
export class ProblemView {
  @ApiProperty({ example: 'https://order-api.dev/problems/illegal-transition' }) type: string;
  @ApiProperty({ example: 'Conflict' }) title: string;
  @ApiProperty({ example: 409 }) status: number;
  @ApiProperty({ example: 'An order cannot go from shipped to confirmed.' }) detail: string;
  @ApiPropertyOptional({ example: '/api/v1/orders/9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d' }) instance?: string;
}

export class StatusChangeResultView {
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ enum: [200, 404, 409], description: 'what the single change (PATCH /orders/:id/status) would have answered' })
  status: number;
  @ApiPropertyOptional({ type: OrderView, description: 'the changed order (status 200)' }) order?: OrderView;
  @ApiPropertyOptional({
    type: ProblemView,
    description: 'why this order was not changed (its other members, e.g. `currentStatus`, as in the single change)',
  })
  problem?: ProblemView;
}

export class StatusChangeResultsView {
  @ApiProperty({ type: [StatusChangeResultView], description: 'one per distinct id, in the order given' })
  results: StatusChangeResultView[];
}
