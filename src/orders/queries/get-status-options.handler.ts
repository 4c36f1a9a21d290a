import { ApiProperty } from '@nestjs/swagger';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ORDER_STATUSES, ORDER_TRANSITIONS, PAYMENT_STATUSES, PAYMENT_TRANSITIONS } from '../domain/order-status';
import { SHIPPING_METHODS } from '../domain/pricing';
import { GetStatusOptionsQuery } from './get-status-options.query';

export class StatusOptionsView {
  @ApiProperty({ type: [String] }) statuses: string[];
  @ApiProperty({ type: [String] }) paymentStatuses: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, description: 'status → statuses it may move to' }) transitions: Record<string, string[]>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, description: 'payment status → payment statuses it may move to' }) paymentTransitions: Record<string, string[]>;
  @ApiProperty({ type: [String] }) shippingMethods: string[];
}

/** The state machines as data, for clients that build menus from them. */
@QueryHandler(GetStatusOptionsQuery)
export class GetStatusOptionsHandler implements IQueryHandler<GetStatusOptionsQuery, StatusOptionsView> {
  execute(): Promise<StatusOptionsView> {
    return Promise.resolve({
      statuses: [...ORDER_STATUSES],
      paymentStatuses: [...PAYMENT_STATUSES],
      transitions: Object.fromEntries(Object.entries(ORDER_TRANSITIONS).map(([k, v]) => [k, [...v]])),
      paymentTransitions: Object.fromEntries(Object.entries(PAYMENT_TRANSITIONS).map(([k, v]) => [k, [...v]])),
      shippingMethods: [...SHIPPING_METHODS],
    });
  }
}
