import { PreconditionFailedError } from '../errors/domain-error';

/** The `ETag` of a versioned resource: its version as a quoted string, e.g. `"3"`. */
export const etagOf = (version: number): string => `"${version}"`;

/**
 * Checks an `If-Match` header against a resource's current version. Absent → no precondition.
 * `*` matches any existing resource. Otherwise a comma-separated list of entity tags (weak `W/`
 * prefixes tolerated); none matching the current version → 412.
 */
export function assertIfMatch(header: string | undefined, version: number): void {
  if (header === undefined || header.trim() === '') return;
  const tags = header.split(',').map((t) => t.trim());
  if (tags.includes('*')) return;
  const current = String(version);
  const matches = tags.some((tag) => tag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1') === current);
  if (!matches) throw new PreconditionFailedError();
}
