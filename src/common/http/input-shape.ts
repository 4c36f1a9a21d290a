import { getMetadataStorage } from 'class-validator';
import type { FieldError } from '../errors/domain-error';

/** At most this many field errors are listed in a 400; `errorCount` says how many there were. */
export const MAX_LISTED_ERRORS = 50;

// class-transformer's registry of `@Type(() => X)` (not part of its typed public surface).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: { findTypeMetadata(target: object, propertyName: string): { typeFunction: () => unknown } | undefined };
};

/** Names an object inherits from `Object.prototype` (`__proto__`, `constructor`, `toString` …): never a field of ours. */
const PROTOTYPE_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** True for a key that names an inherited member rather than data, which transformers skip silently. */
export const isPrototypeName = (key: string): boolean => PROTOTYPE_NAMES.has(key);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Checks a request body's SHAPE against its DTO before anything is transformed or validated, so that
 * the expensive steps only ever see bounded, well-formed input:
 * - an array longer than its `@ArrayMaxSize` is refused without looking at its elements;
 * - the elements of a nested list (`@ValidateNested({each: true})`) must be objects — `[[…]]`, `[1]`
 *   or `[null]` are refused (they would pass nested validation and break the handler);
 * - a nested object (`@ValidateNested()`) must be an object, not an array.
 * Stops after MAX_LISTED_ERRORS problems.
 */
export function findShapeProblems(metatype: unknown, value: unknown, path = '', out: FieldError[] = [], depth = 0): FieldError[] {
  if (typeof metatype !== 'function' || !isPlainObject(value) || depth > 8) return out;
  const byProperty = new Map<string, Array<{ type: string; name?: string; constraints: unknown[]; each?: boolean }>>();
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false)) {
    const list = byProperty.get(meta.propertyName) ?? [];
    list.push(meta);
    byProperty.set(meta.propertyName, list);
  }
  for (const [property, metas] of byProperty) {
    if (out.length >= MAX_LISTED_ERRORS) break;
    const child = value[property];
    if (child === undefined || child === null) continue;
    const field = path ? `${path}.${property}` : property;
    const maxSize = metas.find((m) => m.name === 'arrayMaxSize')?.constraints[0];
    if (Array.isArray(child) && typeof maxSize === 'number' && child.length > maxSize) {
      out.push({ field, message: `${property} must contain no more than ${maxSize} elements` });
      continue;
    }
    const nested = metas.find((m) => m.type === 'nestedValidation');
    if (!nested) continue;
    const type = defaultMetadataStorage.findTypeMetadata(metatype, property)?.typeFunction();
    if (nested.each && Array.isArray(child)) {
      for (let i = 0; i < child.length && out.length < MAX_LISTED_ERRORS; i++) {
        if (!isPlainObject(child[i])) out.push({ field: `${field}.${i}`, message: 'each element must be an object' });
        else findShapeProblems(type, child[i], `${field}.${i}`, out, depth + 1);
      }
    } else if (!nested.each) {
      if (!isPlainObject(child)) out.push({ field, message: `${property} must be an object` });
      else findShapeProblems(type, child, field, out, depth + 1);
    }
  }
  return out;
}
