import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ORDER_STATUSES, OrderStatus, PAYMENT_STATUSES, PaymentStatus } from '../domain/order-status';
import type { Order } from '../entities/order.entity';
import { ShippingAddressInput } from './create-order.dto';

export class OrderItemView {
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty() sku: string;
  @ApiProperty() name: string;
  @ApiProperty() unitPriceCents: number;
  @ApiProperty() quantity: number;
  @ApiProperty() lineTotalCents: number;
}

/** An order as the API shows it (the cache holds exactly this). */
export class OrderView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'human order number, unique and increasing' }) number: number;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ enum: PAYMENT_STATUSES }) paymentStatus: PaymentStatus;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty() subtotalCents: number;
  @ApiProperty() taxCents: number;
  @ApiProperty() shippingCents: number;
  @ApiProperty() discountCents: number;
  @ApiProperty() totalCents: number;
  @ApiProperty({ type: [OrderItemView] }) items: OrderItemView[];
  @ApiProperty({ type: ShippingAddressInput }) shippingAddress: ShippingAddressInput;
  @ApiProperty({ enum: ['standard', 'express'] }) shippingMethod: string;
  @ApiPropertyOptional({ nullable: true, type: String }) paymentMethod: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) paymentReference: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) notes: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) trackingNumber: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) cancelReason: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) confirmedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) processingAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) shippedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) deliveredAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) cancelledAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) refundedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) paidAt: string | null;
  @ApiProperty({ description: 'also sent as the ETag' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class OrderPageView {
  @ApiProperty({ type: [OrderView] }) items: OrderView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function toOrderView(order: Order): OrderView {
  const items = [...(order.items ?? [])].sort((a, b) => a.position - b.position);
  return {
    id: order.id,
    number: order.number,
    customerId: order.customerId,
    status: order.status,
    paymentStatus: order.paymentStatus,
    currency: order.currency,
    subtotalCents: order.subtotalCents,
    taxCents: order.taxCents,
    shippingCents: order.shippingCents,
    discountCents: order.discountCents,
    totalCents: order.totalCents,
    items: items.map((i) => ({
      productId: i.productId,
      sku: i.sku,
      name: i.name,
      unitPriceCents: i.unitPriceCents,
      quantity: i.quantity,
      lineTotalCents: i.lineTotalCents,
    })),
    shippingAddress: order.shippingAddress,
    shippingMethod: order.shippingMethod,
    paymentMethod: order.paymentMethod,
    paymentReference: order.paymentReference,
    notes: order.notes,
    trackingNumber: order.trackingNumber,
    cancelReason: order.cancelReason,
    confirmedAt: iso(order.confirmedAt),
    processingAt: iso(order.processingAt),
    shippedAt: iso(order.shippedAt),
    deliveredAt: iso(order.deliveredAt),
    cancelledAt: iso(order.cancelledAt),
    refundedAt: iso(order.refundedAt),
    paidAt: iso(order.paidAt),
    version: order.version,
    createdAt: iso(order.createdAt)!,
    updatedAt: iso(order.updatedAt)!,
  };
}
