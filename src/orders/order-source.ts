import type { CreateOrderDto } from './dto/create-order.dto';
import type { ShippingMethod } from './domain/pricing';

/** What a new order takes from an earlier order or a template: products and quantities, address, shipping method. */
export interface OrderSource {
  items: ReadonlyArray<{ productId: string; quantity: number }>;
  shippingAddress: CreateOrderDto['shippingAddress'];
  shippingMethod: string;
}

/**
 * The create body of an order placed from a source: its lines (products and quantities only —
 * prices are today's, as for any order), its address and shipping method. `customerId` is given
 * when staff place it for the source's customer.
 */
export function orderBodyFrom(source: OrderSource, customerId?: string): CreateOrderDto {
  return {
    items: source.items.map(({ productId, quantity }) => ({ productId, quantity })),
    shippingAddress: { ...source.shippingAddress },
    shippingMethod: source.shippingMethod as ShippingMethod,
    ...(customerId ? { customerId } : {}),
  };
}
