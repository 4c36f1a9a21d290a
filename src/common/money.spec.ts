import { applyRateHalfUp, divideHalfUp, formatCents, multiplyCents, sumCents } from './money';

describe('money', () => {
  it('applies a basis-point rate with half-up rounding', () => {
    expect(applyRateHalfUp(1000, 825)).toBe(83); // 82.5 → 83
    expect(applyRateHalfUp(1000, 824)).toBe(82); // 82.4 → 82
    expect(applyRateHalfUp(1, 5000)).toBe(1); // 0.5 → 1
    expect(applyRateHalfUp(1, 4999)).toBe(0);
    expect(applyRateHalfUp(0, 825)).toBe(0);
  });

  it('stays exact for amounts beyond 2^53 / 10 000', () => {
    // 50 lines × 1000 units × 99 999 999 cents at 12.34 %
    const subtotal = 50 * 1000 * 99_999_999;
    expect(applyRateHalfUp(subtotal, 1234)).toBe(616_999_993_830);
  });

  it('multiplies and sums integers', () => {
    expect(multiplyCents(1999, 3)).toBe(5997);
    expect(sumCents([1, 2, 3])).toBe(6);
    expect(() => multiplyCents(1.5, 2)).toThrow(RangeError);
  });

  it('divides half-up', () => {
    expect(divideHalfUp(10, 4)).toBe(3); // 2.5 → 3
    expect(divideHalfUp(10, 3)).toBe(3);
    expect(divideHalfUp(10, 0)).toBe(0);
  });
});

describe('formatCents', () => {
  it.each([
    [0, '0.00 USD'],
    [5, '0.05 USD'],
    [1250, '12.50 USD'],
    [99_999_999, '999999.99 USD'],
    [-1999, '-19.99 USD'],
  ])('%i cents reads %s', (cents, text) => {
    expect(formatCents(cents, 'USD')).toBe(text);
  });
});
