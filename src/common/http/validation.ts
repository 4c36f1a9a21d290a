import { ArgumentMetadata, ValidationError as ClassValidatorError, ParseUUIDPipe, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, ValidateIf } from 'class-validator';
import { FieldError, ValidationError } from '../errors/domain-error';
import { findShapeProblems, isPrototypeName, MAX_LISTED_ERRORS } from './input-shape';

/** Flattens nested class-validator errors into `{field: "items.0.quantity", message}` pairs. */
export function toFieldErrors(errors: ClassValidatorError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.startsWith('property ') ? message.replace(/^property \S+ /, 'unknown field; it ') : message,
    }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/**
 * For a PATCH field that may be left out but not set to null (its column is NOT NULL): unlike
 * `@IsOptional()`, which lets null through to the database, null is validated and refused.
 */
export const OptionalNotNull = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

/** Deeper than any request shape we accept; bounds the walk below and class-transformer's recursion. */
export const MAX_INPUT_DEPTH = 32;

// PostgreSQL stores neither U+0000 (text, jsonb) nor an unpaired UTF-16 surrogate (json/jsonb).
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when the string holds text PostgreSQL refuses to store. */
export const isUnstorableText = (value: string): boolean => UNSTORABLE.test(value);

/**
 * The first place in a request value (keys included) that could only fail later as a 500: text the
 * database cannot store, or nesting deeper than `MAX_INPUT_DEPTH`.
 */
export function findUnacceptableInput(value: unknown, path = '', depth = 0): FieldError | undefined {
  const field = path || 'body';
  if (typeof value === 'string') {
    return isUnstorableText(value) ? { field, message: 'must not contain NUL characters or unpaired surrogates' } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_INPUT_DEPTH) return { field, message: `is nested more than ${MAX_INPUT_DEPTH} levels deep` };
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (isUnstorableText(key)) return { field: childPath, message: 'field names must not contain NUL characters or unpaired surrogates' };
    // Transformers skip these silently; refused like any unknown field instead of dropped.
    if (isPrototypeName(key)) return { field: childPath, message: 'unknown field; it should not exist' };
    const found = findUnacceptableInput(child, childPath, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The global pipe: unknown fields are an error, payloads become DTO instances. */
class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const problem = findUnacceptableInput(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (problem) throw new ValidationError([problem]);
    }
    if (metadata.type === 'body' || metadata.type === 'query') {
      const problems = findShapeProblems(metadata.metatype, value);
      if (problems.length > 0) throw new ValidationError(problems);
    }
    return super.transform(value, metadata);
  }
}

/**
 * class-validator looks up a class's rules on every validation by filtering its whole registry and
 * testing each registered class for inheritance (MetadataStorage.getTargetValidationMetadatas): the
 * largest single cost of validating an order's body. The rules are fixed once the decorators have
 * run, so the answer is kept per class and options; registering a rule later forgets what was kept.
 */
function rememberValidationRules(): void {
  type Storage = ReturnType<typeof getMetadataStorage> & { rulesRemembered?: true };
  const storage = getMetadataStorage() as Storage;
  if (storage.rulesRemembered) return;
  storage.rulesRemembered = true;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  let kept = new Map<unknown, Map<string, ReturnType<typeof lookup>>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${(groups ?? []).join('\u0000')}`;
    let byOptions = kept.get(target);
    if (!byOptions) kept.set(target, (byOptions = new Map()));
    let rules = byOptions.get(key);
    if (!rules) byOptions.set(key, (rules = lookup(target, schema, always, strictGroups, groups)));
    return rules;
  };
  for (const method of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const) {
    const add = (storage[method] as (...args: unknown[]) => void).bind(storage);
    (storage[method] as (...args: unknown[]) => void) = (...args: unknown[]) => {
      kept = new Map();
      add(...args);
    };
  }
}

export function createValidationPipe(): ValidationPipe {
  rememberValidationRules();
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => cappedValidationError(toFieldErrors(errors)),
  });
}

/** A 400 listing at most MAX_LISTED_ERRORS field errors, with `errorCount` saying how many there were. */
export function cappedValidationError(errors: FieldError[]): ValidationError {
  if (errors.length <= MAX_LISTED_ERRORS) return new ValidationError(errors);
  const error = new ValidationError(errors.slice(0, MAX_LISTED_ERRORS), `The request is invalid: ${errors.length} errors, the first ${MAX_LISTED_ERRORS} listed.`);
  error.extensions.errorCount = errors.length;
  return error;
}

/** Query numbers are plain decimal digits: `1e2`, `0x64`, `+100`, `100.0` stay strings and fail `@IsInt`. */
export const digitsToNumber = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value);

/** A UUID path parameter: a malformed one is a 400 with `errors`, like any other invalid input. */
export const parseUuid = (field: string): ParseUUIDPipe =>
  new ParseUUIDPipe({ exceptionFactory: () => new ValidationError([{ field, message: `${field} must be a UUID` }]) });
