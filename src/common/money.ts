/**
 * Integer money arithmetic (minor units). BigInt inside, so products of large amounts and rates
 * never lose precision; results are checked back into safe integers.
 */
const BPS = 10_000n;

/** `amountCents × rateBps / 10 000`, rounded half-up (amounts are never negative here). */
export function applyRateHalfUp(amountCents: number, rateBps: number): number {
  assertCents(amountCents);
  if (!Number.isInteger(rateBps) || rateBps < 0) throw new RangeError(`invalid rate ${rateBps} bps`);
  const product = BigInt(amountCents) * BigInt(rateBps);
  return toSafe((product * 2n + BPS) / (2n * BPS));
}

/** `unitCents × quantity` without floating point. */
export function multiplyCents(unitCents: number, quantity: number): number {
  assertCents(unitCents);
  if (!Number.isInteger(quantity) || quantity < 0) throw new RangeError(`invalid quantity ${quantity}`);
  return toSafe(BigInt(unitCents) * BigInt(quantity));
}

export function sumCents(values: number[]): number {
  return toSafe(values.reduce((acc, v) => acc + BigInt(v), 0n));
}

/** Integer division rounded half-up (e.g. an average price). */
export function divideHalfUp(numerator: number, denominator: number): number {
  if (denominator <= 0) return 0;
  return toSafe((BigInt(numerator) * 2n + BigInt(denominator)) / (2n * BigInt(denominator)));
}

/** An amount for people to read: `12.50 USD` (two minor digits, no floating point). */
export function formatCents(amountCents: number, currency: string): string {
  if (!Number.isSafeInteger(amountCents)) throw new RangeError(`invalid amount ${amountCents} cents`);
  const units = BigInt(Math.abs(amountCents));
  const minor = String(units % 100n).padStart(2, '0');
  return `${amountCents < 0 ? '-' : ''}${units / 100n}.${minor} ${currency}`;
}

function assertCents(value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`invalid amount ${value} cents`);
}

function toSafe(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('amount out of range');
  return Number(value);
}
