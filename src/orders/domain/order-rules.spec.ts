import { IllegalTransitionError, OrderNotDeletableError } from './order.errors';
import { assertCancellable, assertDeletable, assertStatusChange, holdsStock } from './order-rules';
import { OrderStatus as S } from './order-status';

describe('order rules', () => {
  it('lets a customer cancel only while pending or confirmed', () => {
    expect(() => assertCancellable(S.Pending, 'customer')).not.toThrow();
    expect(() => assertCancellable(S.Confirmed, 'customer')).not.toThrow();
    expect(() => assertCancellable(S.Processing, 'customer')).toThrow(/only staff/);
    expect(() => assertCancellable(S.Shipped, 'customer')).toThrow(IllegalTransitionError);
    expect(() => assertCancellable(S.Cancelled, 'customer')).toThrow(/already cancelled/);
  });

  it('lets staff cancel before shipping only', () => {
    for (const s of [S.Pending, S.Confirmed, S.Processing]) expect(() => assertCancellable(s, 'admin')).not.toThrow();
    for (const s of [S.Shipped, S.Delivered, S.Cancelled, S.Refunded]) expect(() => assertCancellable(s, 'admin')).toThrow(IllegalTransitionError);
  });

  it('lets the owner delete pending orders, staff pending or cancelled ones', () => {
    expect(() => assertDeletable(S.Pending, 'customer')).not.toThrow();
    expect(() => assertDeletable(S.Cancelled, 'customer')).toThrow(OrderNotDeletableError);
    expect(() => assertDeletable(S.Cancelled, 'admin')).not.toThrow();
    expect(() => assertDeletable(S.Confirmed, 'admin')).toThrow(OrderNotDeletableError);
  });

  it('forbids status changes outside the table', () => {
    expect(() => assertStatusChange(S.Pending, S.Shipped)).toThrow(IllegalTransitionError);
    expect(() => assertStatusChange(S.Confirmed, S.Shipped)).not.toThrow();
  });

  it('knows which statuses still hold stock', () => {
    expect([S.Pending, S.Confirmed, S.Processing].every(holdsStock)).toBe(true);
    expect([S.Shipped, S.Delivered, S.Cancelled, S.Refunded].some(holdsStock)).toBe(false);
  });
});
