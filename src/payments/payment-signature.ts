import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. Several `v1`
 * entries are allowed (the provider rotating its secret); one matching is enough. The comparison is
 * constant-time and made on the raw bytes received, never on re-serialised JSON.
 */
export function verifyPaymentSignature(
  header: string | undefined,
  rawBody: Buffer,
  secret: string,
  toleranceSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (!header || header.length > 2048) return false;
  let timestamp: string | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && /^\d{1,12}$/.test(value ?? '')) timestamp = value;
    else if (key === 'v1' && /^[0-9a-fA-F]{64}$/.test(value ?? '')) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = signPaymentPayload(secret, timestamp, rawBody);
  return signatures.some((candidate) => timingSafeEqual(candidate, expected));
}

/** The HMAC the provider computes (also what a test or a local simulator signs with). */
export function signPaymentPayload(secret: string, timestamp: string, rawBody: Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}
