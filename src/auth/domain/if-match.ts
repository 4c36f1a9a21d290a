import { ValidationError } from '../../common/errors/domain-error';

/** `If-Match: "3"` (or `W/"3"`) → 3; absent or `*` → undefined (no precondition); anything else → 400. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(header);
  if (!match) throw new ValidationError([{ field: 'If-Match', message: 'must be an ETag such as "3"' }]);
  return Number(match[1]);
}
