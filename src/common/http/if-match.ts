import { PreconditionFailedError } from '../errors/domain-error';

/** The `ETag` of a versioned resource: its version as a quoted string, e.g. `"3"`. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * Checks an `If-Match` header against a resource's current version. Absent → no precondition.
 * `*` matches any existing resource. Otherwise a comma-separated list of entity tags compared
 * strongly (RFC 9110 §13.1.1): a weak tag (`W/"3"`) never matches; none matching → 412.
 */
export function assertIfMatch(header: string | undefined, version: number): void {
  if (header === undefined || header.trim() === '') return;
  const tags = header.split(',').map((t) => t.trim());
  if (tags.includes('*')) return;
  const current = String(version);
  const matches = tags.some((tag) => !tag.startsWith('W/') && tag.replace(/^"(.*)"$/, '$1') === current);
  if (!matches) throw new PreconditionFailedError();
}
