import { ConflictError, NotFoundError, UnprocessableError } from '../../common/errors/domain-error';
import { OrderStatus, PaymentStatus } from './order-status';

export class OrderNotFoundError extends NotFoundError {
  constructor() {
    super('order');
  }
}

export class IllegalTransitionError extends ConflictError {
  override readonly type = 'illegal-transition';
  constructor(from: OrderStatus, to: OrderStatus, why?: string) {
    super(why ?? `An order cannot go from ${from} to ${to}.`);
    this.extensions.currentStatus = from;
    this.extensions.requestedStatus = to;
  }
}

export class IllegalPaymentTransitionError extends ConflictError {
  override readonly type = 'illegal-payment-transition';
  constructor(from: PaymentStatus, to: PaymentStatus, why?: string, orderStatus?: OrderStatus) {
    super(why ?? `A payment cannot go from ${from} to ${to}.`);
    this.extensions.currentPaymentStatus = from;
    this.extensions.requestedPaymentStatus = to;
    if (orderStatus) this.extensions.currentStatus = orderStatus;
  }
}

export class OrderNotDeletableError extends ConflictError {
  override readonly type = 'order-not-deletable';
  constructor(status: OrderStatus, allowed: readonly OrderStatus[], paymentStatus?: PaymentStatus) {
    super(
      paymentStatus
        ? `The order's payment is ${paymentStatus}; an order whose money moved is kept (cancel and refund it instead).`
        : `An order in status ${status} cannot be deleted by you; allowed: ${allowed.join(', ')}.`,
    );
    this.extensions.currentStatus = status;
    if (paymentStatus) this.extensions.paymentStatus = paymentStatus;
  }
}

export class OrderNotEditableError extends ConflictError {
  override readonly type = 'order-not-editable';
  constructor(status: OrderStatus) {
    super(`The order is ${status}; only a pending order can be edited.`);
    this.extensions.currentStatus = status;
  }
}

/** A paid order's total cannot move under the payment: its lines and shipping method stay. */
export class PaidOrderTotalError extends ConflictError {
  override readonly type = 'paid-order-total';
  constructor(paymentStatus: PaymentStatus) {
    super(`The payment of this order is ${paymentStatus}; its lines and shipping method can no longer change (cancel it and order again).`);
    this.extensions.paymentStatus = paymentStatus;
  }
}

export class UnknownCustomerError extends UnprocessableError {
  override readonly type = 'unknown-customer';
  constructor() {
    super('customerId does not name an active customer.');
  }
}

export class CurrencyMismatchError extends UnprocessableError {
  override readonly type = 'currency-mismatch';
  constructor(productIds: string[], currency: string) {
    super(`Some products are not priced in ${currency}, the currency of orders.`);
    this.extensions.productIds = productIds;
  }
}

export class IdempotencyKeyInFlightError extends ConflictError {
  override readonly type = 'idempotency-key-in-flight';
  constructor() {
    super('A request with this Idempotency-Key is still being processed; retry later.');
    this.headers['Retry-After'] = '1';
  }
}

export class IdempotencyKeyReusedError extends UnprocessableError {
  override readonly type = 'idempotency-key-reused';
  constructor() {
    super('This Idempotency-Key was already used with a different request body.');
  }
}

/** A provider's payment notification whose amount or currency is not the order's total. */
export class PaymentAmountMismatchError extends UnprocessableError {
  override readonly type = 'payment-amount-mismatch';
  constructor(expected: { totalCents: number; currency: string }) {
    super(`The notification's amount or currency does not match the order's total (${expected.totalCents} ${expected.currency}).`);
  }
}
