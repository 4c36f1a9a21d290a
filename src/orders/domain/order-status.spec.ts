import {
  canTransition,
  canTransitionPayment,
  isTerminal,
  ORDER_STATUSES,
  OrderStatus,
  PAYMENT_STATUSES,
  PaymentStatus,
} from './order-status';

const S = OrderStatus;
const ALLOWED: Array<[OrderStatus, OrderStatus]> = [
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

describe('order status machine', () => {
  const allPairs = ORDER_STATUSES.flatMap((from) => ORDER_STATUSES.map((to) => [from, to] as [OrderStatus, OrderStatus]));
  const isAllowed = (from: OrderStatus, to: OrderStatus) => ALLOWED.some(([f, t]) => f === from && t === to);

  it.each(allPairs.filter(([f, t]) => isAllowed(f, t)))('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each(allPairs.filter(([f, t]) => !isAllowed(f, t)))('forbids %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('has exactly cancelled and refunded as terminal states', () => {
    expect(ORDER_STATUSES.filter(isTerminal).sort()).toEqual([S.Cancelled, S.Refunded]);
  });
});

describe('payment status machine', () => {
  const P = PaymentStatus;
  const ALLOWED_PAYMENT: Array<[PaymentStatus, PaymentStatus]> = [
    [P.Pending, P.Paid],
    [P.Pending, P.Failed],
    [P.Failed, P.Paid],
    [P.Paid, P.Refunded],
  ];
  const pairs = PAYMENT_STATUSES.flatMap((from) => PAYMENT_STATUSES.map((to) => [from, to] as [PaymentStatus, PaymentStatus]));

  it.each(pairs)('%s → %s follows the table', (from, to) => {
    const expected = ALLOWED_PAYMENT.some(([f, t]) => f === from && t === to);
    expect(canTransitionPayment(from, to)).toBe(expected);
  });
});
