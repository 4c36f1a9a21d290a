import { applyRateHalfUp, multiplyCents, sumCents } from '../../common/money';

export type ShippingMethod = 'standard' | 'express';
export const SHIPPING_METHODS: readonly ShippingMethod[] = ['standard', 'express'];

export interface PricingPolicy {
  /** Tax on the subtotal, in basis points (825 = 8.25 %). */
  taxRateBps: number;
  shippingCents: Record<ShippingMethod, number>;
  /** Standard shipping is free when the subtotal reaches this amount. */
  freeStandardShippingThresholdCents: number;
}

export interface PricedLine {
  unitPriceCents: number;
  quantity: number;
}

export interface OrderTotals {
  subtotalCents: number;
  taxCents: number;
  shippingCents: number;
  discountCents: number;
  totalCents: number;
}

export const lineTotalCents = (line: PricedLine): number => multiplyCents(line.unitPriceCents, line.quantity);

/**
 * Totals of an order, all integer cents: tax is charged on the subtotal (not on shipping), half-up;
 * standard shipping is free from the threshold on; discounts do not exist yet (always 0).
 */
export function priceOrder(lines: PricedLine[], method: ShippingMethod, policy: PricingPolicy): OrderTotals {
  const subtotalCents = sumCents(lines.map(lineTotalCents));
  const taxCents = applyRateHalfUp(subtotalCents, policy.taxRateBps);
  const shippingCents =
    method === 'standard' && subtotalCents >= policy.freeStandardShippingThresholdCents ? 0 : policy.shippingCents[method];
  const discountCents = 0;
  const totalCents = sumCents([subtotalCents, taxCents, shippingCents]) - discountCents;
  return { subtotalCents, taxCents, shippingCents, discountCents, totalCents };
}

/** The pricing policy from the orders configuration slice (one definition for every command that prices). */
export const pricingPolicyOf = (config: {
  taxRateBps: number;
  shippingStandardCents: number;
  shippingExpressCents: number;
  freeShippingThresholdCents: number;
}): PricingPolicy => ({
  taxRateBps: config.taxRateBps,
  shippingCents: { standard: config.shippingStandardCents, express: config.shippingExpressCents },
  freeStandardShippingThresholdCents: config.freeShippingThresholdCents,
});
