import { diffFields, jsonByteLength } from './product-changes';

describe('product changes', () => {
  const current = { name: 'Mug', priceCents: 900, categoryId: null as string | null, metadata: { color: 'red', size: 'L' } as Record<string, string> };

  it('lists only the fields whose value changes', () => {
    expect(diffFields(current, { name: 'Mug', priceCents: 1000, categoryId: undefined })).toEqual({ priceCents: { from: 900, to: 1000 } });
  });

  it('compares JSON values by content, not key order or identity', () => {
    expect(diffFields(current, { metadata: { size: 'L', color: 'red' } })).toEqual({});
    expect(diffFields(current, { metadata: { color: 'blue' } })).toEqual({ metadata: { from: current.metadata, to: { color: 'blue' } } });
  });

  it('records setting a nullable field', () => {
    expect(diffFields(current, { categoryId: 'c1' })).toEqual({ categoryId: { from: null, to: 'c1' } });
  });

  it('measures metadata in UTF-8 bytes', () => {
    expect(jsonByteLength({ a: 'é' })).toBe('{"a":"é"}'.length + 1);
  });
});
