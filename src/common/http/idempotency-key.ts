import { ValidationError } from '../errors/domain-error';

/** The `Idempotency-Key` header of a creating request: absent, or 1 to 255 characters (400 otherwise). */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header !== undefined && (header.length === 0 || header.length > 255)) {
    throw new ValidationError([{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 1 to 255 characters' }]);
  }
  return header;
}

export const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description: '≤ 255 chars; a retry with the same key and request replays the first answer',
} as const;
