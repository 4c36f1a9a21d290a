import { createHash } from 'node:crypto';

export const PAYMENT_METHOD_TYPES = ['card', 'paypal', 'bank_account'] as const;
export type PaymentMethodType = (typeof PAYMENT_METHOD_TYPES)[number];

export interface CardDetails {
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}
export interface PaypalDetails {
  email: string;
}
export interface BankAccountDetails {
  bankName: string;
  last4: string;
}
export type PaymentMethodDetails = CardDetails | PaypalDetails | BankAccountDetails;

/** What an order keeps of the method it was placed with; later changes to the method do not touch it. */
export interface PaymentMethodSnapshot {
  type: PaymentMethodType;
  label: string;
  brand?: string;
  last4?: string;
  email?: string;
  bankName?: string;
}

export const isPaymentMethodType = (value: unknown): value is PaymentMethodType =>
  (PAYMENT_METHOD_TYPES as readonly unknown[]).includes(value);

/**
 * A card is usable through the last day of its expiry month (UTC): it has expired once that month
 * has passed.
 */
export function cardHasExpired({ expMonth, expYear }: Pick<CardDetails, 'expMonth' | 'expYear'>, now: Date): boolean {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  return expYear < year || (expYear === year && expMonth < month);
}

/** The label shown when the customer gives none: `visa ending in 4242`, `PayPal ada@example.com`. */
export function defaultLabel(type: PaymentMethodType, details: PaymentMethodDetails): string {
  const label =
    type === 'card'
      ? `${(details as CardDetails).brand} ending in ${(details as CardDetails).last4}`
      : type === 'paypal'
        ? `PayPal ${(details as PaypalDetails).email}`
        : `${(details as BankAccountDetails).bankName} ending in ${(details as BankAccountDetails).last4}`;
  return label.slice(0, 100);
}

/** The details kept for the type, and nothing else (the DTO refuses unknown fields; this is the stored shape). */
export function detailsOf(type: PaymentMethodType, details: PaymentMethodDetails): PaymentMethodDetails {
  if (type === 'card') {
    const { brand, last4, expMonth, expYear } = details as CardDetails;
    return { brand, last4, expMonth, expYear };
  }
  if (type === 'paypal') return { email: (details as PaypalDetails).email };
  const { bankName, last4 } = details as BankAccountDetails;
  return { bankName, last4 };
}

/** The order's snapshot: type, label and the identifying details (no expiry, never the token). */
export function snapshotOf(method: {
  type: PaymentMethodType;
  label: string;
  details: PaymentMethodDetails;
}): PaymentMethodSnapshot {
  const details = method.details as Partial<CardDetails & PaypalDetails & BankAccountDetails>;
  return {
    type: method.type,
    label: method.label,
    ...(details.brand !== undefined ? { brand: details.brand } : {}),
    ...(details.last4 !== undefined ? { last4: details.last4 } : {}),
    ...(details.email !== undefined ? { email: details.email } : {}),
    ...(details.bankName !== undefined ? { bankName: details.bankName } : {}),
  };
}

/**
 * The fingerprint of a type + provider token: a customer saving the same reference twice is a
 * duplicate (409). SHA-256 hex; the token is the provider's random reference, not card data.
 */
export function fingerprintOf(type: PaymentMethodType, providerToken: string): string {
  return createHash('sha256').update(`${type}\n${providerToken}`).digest('hex');
}
