import { ValidationError } from '../../common/errors/domain-error';
import { ORDER_STATUSES_HOLDING_STOCK } from '../../inventory/domain/stock';
import { IllegalPaymentTransitionError, IllegalTransitionError, OrderNotDeletableError } from './order.errors';
import {
  assertCancellable,
  assertDeletable,
  assertPaymentChange,
  assertStatusChange,
  holdsStock,
  OrderState,
  paymentFollowing,
} from './order-rules';
import { ORDER_STATUSES, OrderStatus as S, PAYMENT_STATUSES, PaymentStatus as P } from './order-status';

/** Every order status × payment status pair, the states the rules are checked against one by one. */
const STATES: OrderState[] = ORDER_STATUSES.flatMap((status) =>
  PAYMENT_STATUSES.map((paymentStatus) => ({ status, paymentStatus })),
);
const name = (s: OrderState) => `${s.status}/${s.paymentStatus}`;
const outcome = (check: () => void): string => {
  try {
    check();
    return 'ok';
  } catch (error) {
    return (error as Error).constructor.name;
  }
};

describe('order rules: status × payment, pair by pair', () => {
  describe('cancel', () => {
    // Written out independently of the implementation's tables.
    const customerMay = (s: OrderState) =>
      [S.Pending, S.Confirmed].includes(s.status) && [P.Pending, P.Failed].includes(s.paymentStatus);
    const staffMay = (s: OrderState) => [S.Pending, S.Confirmed, S.Processing].includes(s.status);

    it.each(STATES.map((s) => [name(s), s] as const))('%s: customer and staff as the table says', (_n, state) => {
      expect(outcome(() => assertCancellable(state, 'customer'))).toBe(customerMay(state) ? 'ok' : 'IllegalTransitionError');
      expect(outcome(() => assertCancellable(state, 'admin'))).toBe(staffMay(state) ? 'ok' : 'IllegalTransitionError');
    });

    it('tells a customer with a paid order to ask staff, and explains terminal states', () => {
      expect(() => assertCancellable({ status: S.Pending, paymentStatus: P.Paid }, 'customer')).toThrow(/contact support/);
      expect(() => assertCancellable({ status: S.Processing, paymentStatus: P.Pending }, 'customer')).toThrow(/only staff/);
      expect(() => assertCancellable({ status: S.Cancelled, paymentStatus: P.Pending }, 'customer')).toThrow(/already cancelled/);
    });
  });

  describe('delete', () => {
    const unpaid = (s: OrderState) => [P.Pending, P.Failed].includes(s.paymentStatus);
    const customerMay = (s: OrderState) => s.status === S.Pending && unpaid(s);
    const staffMay = (s: OrderState) => [S.Pending, S.Cancelled].includes(s.status) && unpaid(s);

    it.each(STATES.map((s) => [name(s), s] as const))('%s: no one deletes an order whose money moved', (_n, state) => {
      expect(outcome(() => assertDeletable(state, 'customer'))).toBe(customerMay(state) ? 'ok' : 'OrderNotDeletableError');
      expect(outcome(() => assertDeletable(state, 'admin'))).toBe(staffMay(state) ? 'ok' : 'OrderNotDeletableError');
    });

    it('says why a paid order stays', () => {
      expect(() => assertDeletable({ status: S.Pending, paymentStatus: P.Paid }, 'customer')).toThrow(OrderNotDeletableError);
      expect(() => assertDeletable({ status: S.Cancelled, paymentStatus: P.Refunded }, 'admin')).toThrow(/money moved/);
    });
  });

  describe('payment changes', () => {
    const MACHINE: Array<[P, P]> = [
      [P.Pending, P.Paid],
      [P.Pending, P.Failed],
      [P.Failed, P.Paid],
      [P.Paid, P.Refunded],
    ];
    // No money is taken for a cancelled or refunded order; anything else goes with any order status.
    const admits = (status: S, to: P) => to !== P.Paid || ![S.Cancelled, S.Refunded].includes(status);
    const cases = STATES.flatMap((s) => PAYMENT_STATUSES.map((to) => [`${name(s)} → ${to}`, s, to] as const));

    it.each(cases)('%s', (_n, state, to) => {
      const allowed = MACHINE.some(([f, t]) => f === state.paymentStatus && t === to) && admits(state.status, to);
      expect(outcome(() => assertPaymentChange(state, to))).toBe(allowed ? 'ok' : 'IllegalPaymentTransitionError');
    });

    it('refuses taking money for a cancelled order with the order status named', () => {
      try {
        assertPaymentChange({ status: S.Cancelled, paymentStatus: P.Pending }, P.Paid);
        throw new Error('not refused');
      } catch (error) {
        expect(error).toBeInstanceOf(IllegalPaymentTransitionError);
        expect((error as IllegalPaymentTransitionError).extensions.currentStatus).toBe(S.Cancelled);
      }
    });
  });

  describe('status changes', () => {
    const MACHINE: Array<[S, S]> = [
      [S.Pending, S.Confirmed],
      [S.Pending, S.Cancelled],
      [S.Confirmed, S.Processing],
      [S.Confirmed, S.Shipped],
      [S.Confirmed, S.Cancelled],
      [S.Processing, S.Shipped],
      [S.Processing, S.Cancelled],
      [S.Shipped, S.Delivered],
      [S.Delivered, S.Refunded],
    ];
    const cases = STATES.flatMap((s) => ORDER_STATUSES.map((to) => [`${name(s)} → ${to}`, s, to] as const));

    it.each(cases)('%s', (_n, state, to) => {
      const allowed =
        MACHINE.some(([f, t]) => f === state.status && t === to) &&
        (to !== S.Refunded || [P.Paid, P.Refunded].includes(state.paymentStatus));
      const tracking = to === S.Shipped ? '1Z999' : undefined;
      expect(outcome(() => assertStatusChange(state, to, tracking))).toBe(allowed ? 'ok' : 'IllegalTransitionError');
    });

    it('needs a tracking number to ship', () => {
      expect(() => assertStatusChange({ status: S.Confirmed, paymentStatus: P.Paid }, S.Shipped)).toThrow(ValidationError);
    });

    it('refunds an order only once paid, and takes a paid payment along', () => {
      expect(() => assertStatusChange({ status: S.Delivered, paymentStatus: P.Pending }, S.Refunded)).toThrow(
        /payment is pending/,
      );
      expect(() => assertStatusChange({ status: S.Delivered, paymentStatus: P.Failed }, S.Refunded)).toThrow(
        IllegalTransitionError,
      );
      for (const state of STATES) {
        for (const to of ORDER_STATUSES) {
          const expected = to === S.Refunded && state.paymentStatus === P.Paid ? P.Refunded : undefined;
          expect({ state, to, follows: paymentFollowing(state, to) }).toEqual({ state, to, follows: expected });
        }
      }
    });
  });

  it('knows which statuses still hold stock', () => {
    expect([S.Pending, S.Confirmed, S.Processing].every(holdsStock)).toBe(true);
    expect([S.Shipped, S.Delivered, S.Cancelled, S.Refunded].some(holdsStock)).toBe(false);
    // Stock adjustments leave room for exactly these units.
    expect(ORDER_STATUSES.filter(holdsStock)).toEqual(ORDER_STATUSES_HOLDING_STOCK);
  });
});
