import { decodeCursor, encodeCursor } from '../pagination';
import { ValidationError } from '../errors/domain-error';
import { findUnacceptableInput, MAX_INPUT_DEPTH } from './validation';

describe('request input the database could not store', () => {
  it('accepts ordinary text, emoji (paired surrogates) and shallow objects', () => {
    expect(findUnacceptableInput({ name: 'Crème brûlée 🍮', items: [{ quantity: 1 }], metadata: { a: { b: [null, true] } } })).toBeUndefined();
  });

  it('names the field holding a NUL character or an unpaired surrogate, in values and in keys', () => {
    expect(findUnacceptableInput({ name: 'a\u0000b' })).toMatchObject({ field: 'name' });
    expect(findUnacceptableInput({ items: [{ sku: 'x\ud800' }] })).toMatchObject({ field: 'items.0.sku' });
    expect(findUnacceptableInput({ metadata: { 'k\u0000': 1 } })).toMatchObject({ field: 'metadata.k\u0000' });
    expect(findUnacceptableInput('\udc00', 'id')).toMatchObject({ field: 'id' });
  });

  it(`refuses nesting deeper than ${MAX_INPUT_DEPTH} levels without recursing into it`, () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)) as unknown;
    expect(findUnacceptableInput({ metadata: deep })).toMatchObject({ message: expect.stringContaining('nested') });
  });
});

describe('cursors', () => {
  it('round-trip', () => {
    expect(decodeCursor(encodeCursor(['a', 3]), ['string', 'number'])).toEqual(['a', 3]);
  });

  it('refuse strings the database cannot take and numbers that are not safe integers', () => {
    for (const values of [['\u0000', 1], ['\ud800', 1], ['a', 1.5], ['a', 1e300]]) {
      expect(() => decodeCursor(encodeCursor(values), ['string', 'number'])).toThrow(ValidationError);
    }
  });
});
