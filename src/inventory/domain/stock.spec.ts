import { checkReservation, crossesLowStock, mergeStockLines, StockedProduct } from './stock';

describe('stock rules', () => {
  describe('mergeStockLines', () => {
    it('adds up repeated products and sorts by id so locks are always taken in the same order', () => {
      expect(
        mergeStockLines([
          { productId: 'c', quantity: 1 },
          { productId: 'a', quantity: 2 },
          { productId: 'c', quantity: 3 },
        ]),
      ).toEqual([
        { productId: 'a', quantity: 2 },
        { productId: 'c', quantity: 4 },
      ]);
    });

    it('refuses quantities that are not positive integers', () => {
      expect(() => mergeStockLines([{ productId: 'a', quantity: 0 }])).toThrow(RangeError);
      expect(() => mergeStockLines([{ productId: 'a', quantity: 1.5 }])).toThrow(RangeError);
      expect(() => mergeStockLines([{ productId: 'a', quantity: -1 }])).toThrow(RangeError);
    });
  });

  describe('checkReservation', () => {
    const product = (id: string, stock: number, active = true): StockedProduct => ({ id, sku: `SKU-${id}`, name: `Product ${id}`, stock, active });
    const products = new Map([
      ['a', product('a', 5)],
      ['b', product('b', 1)],
      ['c', product('c', 0)],
      ['off', product('off', 100, false)],
    ]);

    it('passes when every line is covered, including taking the last unit', () => {
      expect(checkReservation([{ productId: 'a', quantity: 5 }, { productId: 'b', quantity: 1 }], products)).toEqual({
        unavailableProductIds: [],
        stockIssues: [],
      });
    });

    it('reports every short line with what was requested and what is available', () => {
      const result = checkReservation(
        [
          { productId: 'a', quantity: 6 },
          { productId: 'b', quantity: 1 },
          { productId: 'c', quantity: 2 },
        ],
        products,
      );
      expect(result.stockIssues).toEqual([
        { productId: 'a', sku: 'SKU-a', name: 'Product a', requested: 6, available: 5 },
        { productId: 'c', sku: 'SKU-c', name: 'Product c', requested: 2, available: 0 },
      ]);
    });

    it('reports unknown and inactive products as unavailable', () => {
      const result = checkReservation([{ productId: 'off', quantity: 1 }, { productId: 'nope', quantity: 1 }, { productId: 'a', quantity: 1 }], products);
      expect(result.unavailableProductIds).toEqual(['off', 'nope']);
      expect(result.stockIssues).toEqual([]);
    });
  });
});

describe('low-stock crossing', () => {
  it.each([
    [10, 5, 5, true, 'falls onto the threshold'],
    [6, 0, 5, true, 'falls through it to zero'],
    [5, 4, 5, false, 'already at the threshold: the next sale below it is no crossing'],
    [3, 1, 5, false, 'already below'],
    [10, 6, 5, false, 'still above'],
    [4, 9, 5, false, 'a restock'],
    [1, 0, 0, true, 'threshold 0: selling out'],
  ])('%i -> %i with threshold %i is a crossing: %s (%s)', (before, after, threshold, expected) => {
    expect(crossesLowStock(before, after, threshold)).toBe(expected);
  });
});
