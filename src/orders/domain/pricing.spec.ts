import { priceOrder, PricingPolicy } from './pricing';

const policy: PricingPolicy = {
  taxRateBps: 825,
  shippingCents: { standard: 599, express: 1999 },
  freeStandardShippingThresholdCents: 5000,
};

describe('order pricing', () => {
  it('sums lines, taxes the subtotal half-up and adds standard shipping below the threshold', () => {
    const totals = priceOrder(
      [
        { unitPriceCents: 1250, quantity: 2 },
        { unitPriceCents: 999, quantity: 1 },
      ],
      'standard',
      policy,
    );
    // subtotal 3499; tax 288.6675 → 289; shipping 599
    expect(totals).toEqual({ subtotalCents: 3499, taxCents: 289, shippingCents: 599, discountCents: 0, totalCents: 4387 });
  });

  it('ships standard for free from the threshold on, but still charges express', () => {
    const lines = [{ unitPriceCents: 5000, quantity: 1 }];
    expect(priceOrder(lines, 'standard', policy).shippingCents).toBe(0);
    expect(priceOrder(lines, 'express', policy).shippingCents).toBe(1999);
    expect(priceOrder([{ unitPriceCents: 4999, quantity: 1 }], 'standard', policy).shippingCents).toBe(599);
  });

  it('rounds exactly half a cent of tax up', () => {
    // 200 × 8.25 % = 16.5 → 17
    expect(priceOrder([{ unitPriceCents: 200, quantity: 1 }], 'express', policy).taxCents).toBe(17);
  });
});
