export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/**
 * The fields of `patch` whose value differs from `current` (deep comparison for JSON values), as
 * `{field: {from, to}}`. Fields absent from the patch are not changes.
 */
export function diffFields<T extends object>(current: T, patch: Partial<T>): FieldChanges {
  const changes: FieldChanges = {};
  for (const [field, to] of Object.entries(patch) as Array<[keyof T & string, unknown]>) {
    if (to === undefined) continue;
    const from = current[field];
    if (!sameJson(from, to)) changes[field] = { from, to };
  }
  return changes;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Size in bytes of a metadata object as JSON (the 8 KB limit is on this). */
export const jsonByteLength = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
export const MAX_METADATA_BYTES = 8 * 1024;
