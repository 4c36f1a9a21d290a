import { isValidSubscription, subscribes } from './subscriptions';

describe('webhook subscriptions', () => {
  it.each([
    ['*', true],
    ['order.*', true],
    ['order.shipped', true],
    ['stock.*', true],
    ['ordr.*', false],
    ['order.nope', false],
    ['order', false],
    ['', false],
  ])('%j is valid: %s', (pattern, valid) => expect(isValidSubscription(pattern)).toBe(valid));

  it.each([
    [['*'], 'product.created', true],
    [['order.*'], 'order.created', true],
    [['order.*'], 'product.created', false],
    [['order.shipped'], 'order.shipped', true],
    [['order.shipped'], 'order.created', false],
    [['order.shipped', 'stock.*'], 'stock.adjusted', true],
  ])('%j receives %s: %s', (patterns, type, expected) => expect(subscribes(patterns, type)).toBe(expected));
});
