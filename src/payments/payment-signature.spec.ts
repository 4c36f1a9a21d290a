import { signPaymentPayload, verifyPaymentSignature } from './payment-signature';

describe('verifyPaymentSignature', () => {
  const secret = 'whsec-test-secret-0123456789';
  const body = Buffer.from('{"id":"evt_1","amountCents":100}');
  const now = 1_800_000_000;
  const header = (t: number, b = body, s = secret) => `t=${t},v1=${signPaymentPayload(s, String(t), b).toString('hex')}`;

  it('accepts a signature of the raw body within the tolerance', () => {
    expect(verifyPaymentSignature(header(now), body, secret, 300, now)).toBe(true);
    expect(verifyPaymentSignature(header(now - 300), body, secret, 300, now)).toBe(true);
    expect(
      verifyPaymentSignature(`t=${now},v1=${'0'.repeat(64)},v1=${header(now).split('v1=')[1]}`, body, secret, 300, now),
    ).toBe(true);
  });

  it('refuses missing, malformed, stale, future, other-key and other-body signatures', () => {
    for (const h of [undefined, '', 'garbage', `t=${now}`, `v1=${'a'.repeat(64)}`, `t=${now},v1=zz`]) {
      expect(verifyPaymentSignature(h, body, secret, 300, now)).toBe(false);
    }
    expect(verifyPaymentSignature(header(now - 301), body, secret, 300, now)).toBe(false);
    expect(verifyPaymentSignature(header(now + 301), body, secret, 300, now)).toBe(false);
    expect(verifyPaymentSignature(header(now, body, 'another-secret-0123456789'), body, secret, 300, now)).toBe(false);
    expect(verifyPaymentSignature(header(now, Buffer.from('{"id":"evt_1","amountCents":1}')), body, secret, 300, now)).toBe(
      false,
    );
  });
});
