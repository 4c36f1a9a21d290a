import { cardHasExpired, defaultLabel, fingerprintOf, snapshotOf } from './payment-method-details';

describe('cardHasExpired', () => {
  const now = new Date('2026-12-02T14:00:00Z');

  it.each([
    [12, 2026, false], // the current month is still good
    [1, 2027, false],
    [11, 2026, true],
    [12, 2025, true],
  ])('%i/%i → expired %s', (expMonth, expYear, expired) => {
    expect(cardHasExpired({ expMonth, expYear }, now)).toBe(expired);
  });

  it('goes by UTC: the first moment of a month ends the previous month', () => {
    expect(cardHasExpired({ expMonth: 11, expYear: 2026 }, new Date('2026-11-30T23:59:59Z'))).toBe(false);
    expect(cardHasExpired({ expMonth: 11, expYear: 2026 }, new Date('2026-12-01T00:00:00Z'))).toBe(true);
  });
});

describe('defaultLabel and snapshotOf', () => {
  it('names a card by brand and last four, and snapshots no expiry', () => {
    const details = { brand: 'visa', last4: '4242', expMonth: 1, expYear: 2030 };
    expect(defaultLabel('card', details)).toBe('visa ending in 4242');
    expect(snapshotOf({ type: 'card', label: 'Work', details })).toEqual({
      type: 'card',
      label: 'Work',
      brand: 'visa',
      last4: '4242',
    });
  });

  it('names PayPal by address and a bank account by bank and last four', () => {
    expect(defaultLabel('paypal', { email: 'ada@example.com' })).toBe('PayPal ada@example.com');
    expect(defaultLabel('bank_account', { bankName: 'First Bank', last4: '0001' })).toBe('First Bank ending in 0001');
    expect(snapshotOf({ type: 'paypal', label: 'p', details: { email: 'ada@example.com' } })).toEqual({
      type: 'paypal',
      label: 'p',
      email: 'ada@example.com',
    });
  });
});

describe('fingerprintOf', () => {
  it('depends on the type and the token, and does not contain the token', () => {
    const fp = fingerprintOf('card', 'tok_abc');
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(fp).toBe(fingerprintOf('card', 'tok_abc'));
    expect(fp).not.toBe(fingerprintOf('paypal', 'tok_abc'));
    expect(fp).not.toBe(fingerprintOf('card', 'tok_abd'));
  });
});
