import { findCardData, holdsCardNumber, isSecurityCodeName, passesLuhn } from './card-data';

// Test card numbers published by payment providers (Luhn-valid, not real accounts).
const VISA = '4111111111111111';
const AMEX = '378282246310005'; // 15 digits
const VISA_13 = '4222222222222'; // 13 digits
const DISCOVER = '6011000990139424';
const DIGITS_19 = withCheckDigit('675964982643845300');

/** `payload` with the check digit that makes it Luhn-valid. */
function withCheckDigit(payload: string): string {
  for (let d = 0; d <= 9; d++) if (passesLuhn(payload + d)) return payload + d;
  throw new Error('unreachable');
}

describe('passesLuhn', () => {
  it.each([VISA, AMEX, VISA_13, DISCOVER, DIGITS_19, '79927398713'])('accepts %s', (digits) => {
    expect(passesLuhn(digits)).toBe(true);
  });

  it.each(['4111111111111112', '79927398710', '1234567812345678'])('refuses %s', (digits) => {
    expect(passesLuhn(digits)).toBe(false);
  });

  it('refuses the empty string', () => {
    expect(passesLuhn('')).toBe(false);
  });
});

describe('holdsCardNumber', () => {
  it.each([
    ['plain 16 digits', VISA],
    ['15-digit Amex', AMEX],
    ['13 digits', VISA_13],
    ['19 digits', DIGITS_19],
    ['spaces in groups of four', '4111 1111 1111 1111'],
    ['dashes', '4111-1111-1111-1111'],
    ['Amex grouping', '3782 822463 10005'],
    ['mixed separators and double spaces', '4111 - 1111  1111-1111'],
    ['one digit at a time', VISA.split('').join(' ')],
    ['inside a sentence', `please charge my card ${VISA} thanks`],
    ['between letters', `ref${VISA}x`],
    ['followed by more digit groups (an expiry)', '4111 1111 1111 1111 12 28'],
    ['preceded by other digit groups', 'order 12 4111 1111 1111 1111'],
    ['a non-breaking space and an en dash', '4111\u00a01111\u20131111 1111'],
  ])('finds a card number: %s', (_, text) => {
    expect(holdsCardNumber(text)).toBe(true);
  });

  it.each([
    ['a Luhn-invalid 16-digit number', '4111111111111112'],
    ['12 digits, Luhn-valid', withCheckDigit('41111111111')],
    ['a solid 20-digit reference', VISA + '0000'],
    ['a phone number', '+44 20 7946 0958'],
    ['a date and a time', '2026-12-02 14:50:10'],
    ['last four digits', 'Visa ending in 4242'],
    ['no digits', 'tok_visa'],
    ['empty', ''],
  ])('does not flag %s', (_, text) => {
    expect(holdsCardNumber(text)).toBe(false);
  });

  it('answers for a long run of separated single digits (a backtracking pattern would not finish)', () => {
    expect(holdsCardNumber('1 -'.repeat(200_000) + 'x')).toBe(false);
  });
});

describe('isSecurityCodeName', () => {
  it.each([
    'cvv',
    'CVV',
    'cvc',
    'cvv2',
    'CVC2',
    'securityCode',
    'security_code',
    'card-cvv',
    'cardCvc',
    'csc',
    'cid',
    'cardVerificationValue',
    'cardSecurityNumber',
  ])('%s is a security code', (name) => expect(isSecurityCodeName(name)).toBe(true));

  it.each(['last4', 'brand', 'expMonth', 'label', 'providerToken', 'email', 'bankName', 'code', 'security'])(
    '%s is not',
    (name) => expect(isSecurityCodeName(name)).toBe(false),
  );
});

describe('findCardData', () => {
  it('finds a card number in a nested string and names the field, not the value', () => {
    const finding = findCardData({ type: 'card', details: { notes: [`ok`, `my card ${VISA}`] } });
    expect(finding).toEqual({ field: 'details.notes.1', kind: 'card-number' });
    expect(JSON.stringify(finding)).not.toContain('1111');
  });

  it('finds a security-code field at any depth, whatever its value', () => {
    expect(findCardData({ details: { extra: { CVV2: null } } })).toEqual({ field: 'details.extra.CVV2', kind: 'security-code' });
  });

  it('finds a card number used as a key, reporting the object that holds it', () => {
    const finding = findCardData({ details: { [VISA]: true } });
    expect(finding).toEqual({ field: 'details', kind: 'card-number' });
  });

  it('finds a card number as the whole body', () => {
    expect(findCardData(VISA)).toEqual({ field: 'body', kind: 'card-number' });
  });

  it('passes a tokenised payment method', () => {
    expect(
      findCardData({
        type: 'card',
        providerToken: 'pm_1QxYz2eZvKYlo2C',
        label: 'Work Visa',
        details: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
      }),
    ).toBeUndefined();
  });

  it('walks deep nesting without overflowing the stack', () => {
    let deep: unknown = VISA;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(findCardData(deep)?.kind).toBe('card-number');
  });
});
