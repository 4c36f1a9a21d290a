/**
 * Card data (a primary account number or a security code) must never enter the system: saved
 * payment methods are the provider's tokens. These pure functions find it in a request value so it
 * can be refused before anything parses, stores or logs it. They report WHERE it is, never WHAT.
 */

/** Card numbers are 13–19 digits (ISO/IEC 7812). */
const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

/**
 * A run of digits with spaces or dashes between them (as people write card numbers: `4111 1111 …`,
 * `4111-1111-…`). The two classes are disjoint, so matching is linear in the text.
 */
const DIGIT_RUN = /\d(?:[ \t\u00a0\u2010-\u2015-]*\d)*/g;
const SEPARATORS = /[ \t\u00a0\u2010-\u2015-]+/;

/** The Luhn (mod 10) check every card number passes. `digits` holds digits only. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/**
 * True when `text` holds a full card number: 13–19 digits, possibly split by spaces or dashes,
 * passing the Luhn check. Within a longer run of digit groups, every stretch of whole groups is
 * tried, so a number followed by more digits (`4111 1111 1111 1111 12/28`) is still found; a solid
 * run of more than 19 digits (a long reference or tracking number) is not a card number.
 */
export function holdsCardNumber(text: string): boolean {
  if (text.length < MIN_DIGITS) return false;
  for (const [run] of text.matchAll(DIGIT_RUN)) {
    if (run.length < MIN_DIGITS) continue; // fewer characters than digits needed
    const groups = run.split(SEPARATORS);
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length; last++) {
        digits += groups[last];
        if (digits.length > MAX_DIGITS) break;
        if (digits.length >= MIN_DIGITS && passesLuhn(digits)) return true;
      }
    }
  }
  return false;
}

/** Names of card security codes, compared without case, spaces, dashes or underscores. */
const SECURITY_CODE_PARTS = ['cvv', 'cvc', 'securitycode', 'cardverification', 'cardsecurity'];
const SECURITY_CODE_NAMES = new Set(['csc', 'cvn', 'cvd', 'cid', 'cav2', 'spc']);

/** True for a field named like a card security code: `cvv`, `CVC2`, `securityCode`, `card_cvv`, `csc` … */
export function isSecurityCodeName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECURITY_CODE_NAMES.has(normalized) || SECURITY_CODE_PARTS.some((part) => normalized.includes(part));
}

export interface CardDataFinding {
  /** Where it is (`details.note`, `items.0`, `body`), never the value. */
  field: string;
  kind: 'card-number' | 'security-code';
}

/**
 * The first place in a request value where card data sits: a string (value or key) holding a card
 * number, or a key named like a security code. Walks iteratively, so no nesting depth can overflow
 * the stack; depth limits are the validation pipe's business, which runs after this.
 */
export function findCardData(value: unknown): CardDataFinding | undefined {
  const stack: Array<[unknown, string]> = [[value, '']];
  while (stack.length > 0) {
    const [current, path] = stack.pop()!;
    if (typeof current === 'string') {
      if (holdsCardNumber(current)) return { field: path || 'body', kind: 'card-number' };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const entries = Array.isArray(current) ? current.map((item, i) => [String(i), item] as const) : Object.entries(current);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const childPath = path ? `${path}.${key}` : key;
      if (!Array.isArray(current)) {
        if (isSecurityCodeName(key)) return { field: childPath, kind: 'security-code' };
        if (holdsCardNumber(key)) return { field: path || 'body', kind: 'card-number' };
      }
      stack.push([child, childPath]);
    }
  }
  return undefined;
}
