import { planLineEdit } from './order-edit';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const C = 'cccccccc-0000-4000-8000-000000000003';
const line = (productId: string, quantity: number, unitPriceCents = 100) => ({
  productId,
  sku: `sku-${productId[0]}`,
  name: 'n',
  unitPriceCents,
  quantity,
});

describe('planLineEdit', () => {
  it('moves stock by the difference only: more of one, a new one, one removed', () => {
    const plan = planLineEdit(
      [line(A, 2, 500), line(B, 1)],
      [
        { productId: A, quantity: 5 },
        { productId: C, quantity: 3 },
      ],
    );
    expect(plan.kept).toEqual([{ ...line(A, 5, 500) }]);
    expect(plan.added).toEqual([{ productId: C, quantity: 3 }]);
    expect(plan.removed).toEqual([line(B, 1)]);
    expect(plan.changed).toEqual([{ productId: A, sku: 'sku-a', fromQuantity: 2, toQuantity: 5 }]);
    expect(plan.stockDeltas).toEqual([
      { productId: A, delta: 3 },
      { productId: C, delta: 3 },
      { productId: B, delta: -1 },
    ]);
    expect([...plan.positions]).toEqual([
      [A, 0],
      [C, 1],
    ]);
  });

  it('an unchanged list changes nothing and moves no stock', () => {
    const plan = planLineEdit([line(A, 2)], [{ productId: A.toUpperCase(), quantity: 2 }]);
    expect(plan.changed).toEqual([]);
    expect(plan.added).toEqual([]);
    expect(plan.removed).toEqual([]);
    expect(plan.stockDeltas).toEqual([]);
  });

  it('a lower quantity returns the difference', () => {
    expect(planLineEdit([line(A, 7)], [{ productId: A, quantity: 2 }]).stockDeltas).toEqual([{ productId: A, delta: -5 }]);
  });
});
