import { ApiProperty, ApiPropertyOptional, getSchemaPath, OmitType } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth/auth-user';
import type { PaymentMethodSnapshot } from '../../payment-methods/domain/payment-method-details';
import { PAYMENT_METHOD_SNAPSHOT_SCHEMA } from '../../payment-methods/dto/payment-method.dto';
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

/**
 * An order as staff see it (the cache and the idempotency store hold exactly this). A customer gets
 * `CustomerOrderView`, made from it by `orderViewFor` where a response leaves for its reader.
 */
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
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: "Staff only: the payment provider's reference. Absent from customers' responses.",
  })
  paymentReference: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'the saved payment method the order was placed with',
  })
  paymentMethodId: string | null;
  @ApiProperty({
    ...PAYMENT_METHOD_SNAPSHOT_SCHEMA,
    description: 'what the order keeps of that method; later changes to the method, its deletion included, do not touch it',
  })
  paymentMethodDetails: PaymentMethodSnapshot | null;
  @ApiPropertyOptional({ nullable: true, type: String }) notes: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) trackingNumber: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description:
      'Why the order was cancelled. Customers see it only when they wrote it themselves (`cancelledBy: "customer"`), else `null`.',
  })
  cancelReason: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    enum: ['customer', 'admin', 'system'],
    description: 'The role of whoever cancelled the order',
  })
  cancelledBy: 'customer' | 'admin' | 'system' | null;
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

/** Fields of an order only staff see. */
const STAFF_ONLY_ORDER_FIELDS = ['paymentReference'] as const;

/**
 * An order as its customer sees it: the staff view without `paymentReference` (the provider's), and
 * `cancelReason` only when the customer wrote it. Staff-only fields are left out by name, so every
 * other field of the order reaches its customer.
 */
export class CustomerOrderView extends OmitType(OrderView, STAFF_ONLY_ORDER_FIELDS) {}

/**
 * The schema of an order in a response a customer may read: `OrderView` for staff,
 * `CustomerOrderView` for the customer (controllers list both with `ApiExtraModels`).
 */
export const ORDER_FOR_READER = { anyOf: [{ $ref: getSchemaPath(OrderView) }, { $ref: getSchemaPath(CustomerOrderView) }] };

export class OrderPageView {
  @ApiProperty({
    type: 'array',
    items: ORDER_FOR_READER,
    description: 'Staff get `OrderView` items, a customer `CustomerOrderView` (no staff-only fields)',
  })
  items: Array<OrderView | CustomerOrderView>;
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export function toCustomerOrderView(view: OrderView): CustomerOrderView {
  const customerView: CustomerOrderView & Partial<Pick<OrderView, (typeof STAFF_ONLY_ORDER_FIELDS)[number]>> = { ...view };
  for (const field of STAFF_ONLY_ORDER_FIELDS) delete customerView[field];
  if (view.cancelledBy !== 'customer') customerView.cancelReason = null;
  return customerView;
}

/** The view of an order for whoever reads it: staff see everything, a customer `CustomerOrderView`. */
export function orderViewFor(reader: Pick<AuthUser, 'role'>, view: OrderView): OrderView | CustomerOrderView {
  return reader.role === 'admin' ? view : toCustomerOrderView(view);
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
    paymentMethodId: order.paymentMethodId ?? null,
    paymentMethodDetails: order.paymentMethodDetails ?? null,
    notes: order.notes,
    trackingNumber: order.trackingNumber,
    cancelReason: order.cancelReason,
    cancelledBy: order.cancelledBy ?? null,
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
