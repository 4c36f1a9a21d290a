import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/** Raised for a bad environment; `main.ts` prints its message as one line and exits 1. */
export class ConfigError extends Error {}

export type NodeEnv = 'development' | 'production' | 'test';

/** What every slice may know besides its own variables. */
export interface ConfigContext {
  env: NodeEnv;
  /** Absolute path of DATA_DIR. */
  dataDir: string;
  /** The raw environment, for rules that span slices (e.g. "EVENTS_STREAM=redis needs REDIS_URL"). */
  raw: NodeJS.ProcessEnv;
}

/**
 * One module's configuration: the environment variables it reads (a class whose class-validator
 * decorators are the rules) and the typed values it builds from them. Slices live beside the module
 * that uses them (`src/orders/orders.config.ts`, ...); `app-config.ts` lists them once.
 */
export interface ConfigSlice<V extends object, C extends object> {
  variables: new () => V;
  build(variables: V, context: ConfigContext): C;
}

export const defineConfigSlice = <V extends object, C extends object>(slice: ConfigSlice<V, C>): ConfigSlice<V, C> => slice;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ConfigOf<S> = S extends ConfigSlice<any, infer C> ? C : never;

/** Validates the variables of one slice; throws ConfigError naming the first offending variable. */
export function readVariables<V extends object>(variables: new () => V, raw: NodeJS.ProcessEnv): V {
  const values = plainToInstance(variables, raw, { exposeDefaultValues: false });
  const errors = validateSync(values, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const first = errors[0];
    const constraints = first.constraints ?? {};
    const preferred = ['isInt', 'isIn', 'isBoolean', 'matches', 'isString'].find((k) => constraints[k]);
    const reason = (preferred ? constraints[preferred] : Object.values(constraints)[0]) ?? 'is invalid';
    const shown = redact(first.property, String(raw[first.property] ?? ''));
    throw new ConfigError(`Invalid environment variable ${first.property}=${JSON.stringify(shown)}: ${reason.replace(first.property + ' ', '')}`);
  }
  return values;
}

/** Error lines must not print secrets: passwords are hidden, URLs lose their credentials. */
function redact(name: string, value: string): string {
  if (/SECRET|PASSWORD|TOKEN/.test(name)) return '***';
  if (name.endsWith('_URL')) return value.replace(/\/\/[^@/]*@/, '//***@');
  return value;
}

/** `class-transformer` helpers: environment strings to numbers and booleans (invalid stays a string, so validation names it). */
export const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
export const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
