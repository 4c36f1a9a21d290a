import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../../common/errors/domain-error';
import type { CardDataFinding } from './card-data';

export class PaymentMethodNotFoundError extends NotFoundError {
  constructor() {
    super('payment method');
  }
}

export class DuplicatePaymentMethodError extends ConflictError {
  override readonly type = 'duplicate-payment-method';
  constructor(existingId?: string) {
    super('This payment method (the same type and provider token) is already saved.');
    if (existingId) this.extensions.paymentMethodId = existingId;
  }
}

/** A card number or a security code in a request: refused, and the value is neither echoed nor kept. */
export class CardDataRefusedError extends ValidationError {
  override readonly type = 'card-data-refused';
  constructor({ field, kind }: CardDataFinding) {
    super(
      [{ field, message: kind === 'card-number' ? 'must not hold a card number' : 'a card security code is never accepted' }],
      "Card data is never accepted: save the payment provider's token (providerToken) and the card's brand and last four digits instead.",
    );
  }
}

/** The card's expiry month has passed. */
export class ExpiredCardError extends ValidationError {
  override readonly type = 'card-expired';
  constructor() {
    super([{ field: 'details.expYear', message: 'the card has expired (its expiry month has passed)' }], 'The card has expired.');
  }
}

/** An order names a payment method that is not the customer's own live one. */
export class PaymentMethodUnusableError extends UnprocessableError {
  override readonly type = 'unknown-payment-method';
  constructor() {
    super("The payment method does not exist, is deleted, or is not the order's customer's.");
  }
}
