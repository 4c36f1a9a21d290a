import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Raised for a bad environment; `main.ts` prints its message as one line and exits 1. */
export class ConfigError extends Error {}

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** The environment as the process receives it, validated field by field. */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT?: number;

  @IsOptional() @IsString() @Matches(/^(\d{1,3}\.){3}\d{1,3}$|^[a-zA-Z0-9.:-]+$/)
  HOST?: string;

  @IsOptional() @IsString() @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional() @IsString() @MinLength(1)
  DATA_DIR?: string;

  @IsOptional() @IsString() @Matches(/^rediss?:\/\//, { message: 'must be a redis:// URL' })
  REDIS_URL?: string;

  @IsOptional() @IsString() @MaxLength(64)
  REDIS_KEY_PREFIX?: string;

  @IsOptional() @IsString() @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional() @IsString() @Matches(/^[^@\s]+@[^@\s]+$/, { message: 'must be an email address' })
  ADMIN_EMAIL?: string;

  @IsOptional() @IsString() @MinLength(8) @MaxLength(128)
  ADMIN_PASSWORD?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(86400)
  CACHE_TTL_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(10000)
  CACHE_TIMEOUT_MS?: number;

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional() @IsString()
  CORS_ORIGINS?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(120000)
  SHUTDOWN_DELAY_MS?: number;

  @IsOptional() @Transform(toBool) @IsBoolean()
  SEED_DEMO_DATA?: boolean;

  // --- events (outbox relay, Redis stream) ---
  @IsOptional() @IsIn(['none', 'redis'])
  EVENTS_STREAM?: string;

  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9._:-]{1,128}$/)
  EVENTS_STREAM_KEY?: string;

  @IsOptional() @Transform(toInt) @IsInt() @Min(50) @Max(60000)
  EVENTS_RELAY_INTERVAL_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(100) @Max(3600000)
  EVENTS_REDELIVER_AFTER_MS?: number;

  // --- Auth (tokens, test login, rate limits) ---
  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(300) @Max(31536000)
  REFRESH_TOKEN_TTL_SECONDS?: number;

  @IsOptional() @IsString() @MinLength(1) @MaxLength(255)
  JWT_ISSUER?: string;

  @IsOptional() @IsString() @MinLength(1) @MaxLength(255)
  JWT_AUDIENCE?: string;

  @IsOptional() @Transform(toBool) @IsBoolean()
  AUTH_TEST_LOGIN?: boolean;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000000)
  LOGIN_MAX_FAILURES?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(86400)
  LOGIN_WINDOW_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000000)
  REGISTER_MAX_ATTEMPTS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(86400)
  REGISTER_WINDOW_SECONDS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(10000000)
  RATE_LIMIT_PER_MINUTE?: number;

  // --- Inventory (issue 4) ---
  @IsOptional() @IsString() @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code such as USD' })
  CURRENCY?: string;
  // --- end Inventory ---
  // --- orders (pricing) ---
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(10000)
  TAX_RATE_BPS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(10000000)
  SHIPPING_STANDARD_CENTS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(10000000)
  SHIPPING_EXPRESS_CENTS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(9007199254740991)
  FREE_SHIPPING_THRESHOLD_CENTS?: number;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  /** Unset means: start the embedded PostgreSQL in `dataDir/pg`. */
  databaseUrl?: string;
  dataDir: string;
  redisUrl?: string;
  redisKeyPrefix: string;
  jwtSecret: string;
  adminEmail: string;
  adminPassword: string;
  cacheTtlSeconds: number;
  /** A cache call slower than this is abandoned and the request falls through to the database. */
  cacheTimeoutMs: number;
  logLevel: string;
  corsOrigins: string[] | boolean;
  /** Time between readiness turning 503 and the server closing, so load balancers stop routing first. */
  shutdownDelayMs: number;
  seedDemoData: boolean;
  version: string;

  // --- events ---
  /** `redis`: the relay also appends every event once to the Redis stream `eventsStreamKey`. */
  eventsStream: 'none' | 'redis';
  eventsStreamKey: string;
  eventsRelayIntervalMs: number;
  /** An event not fully handled this long after it occurred is handed to the handlers again. */
  eventsRedeliverAfterMs: number;

  // --- Auth (tokens, test login, rate limits) ---
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  jwtIssuer: string;
  jwtAudience: string;
  /** `POST /auth/login-test` answers only when true; refused at start-up in production. */
  authTestLogin: boolean;
  /** Failed logins allowed per IP + email within `loginWindowSeconds` before 429. */
  loginMaxFailures: number;
  loginWindowSeconds: number;
  /** Registrations allowed per IP + email within `registerWindowSeconds` before 429. */
  registerMaxAttempts: number;
  registerWindowSeconds: number;
  /** Requests per minute per user (or IP when anonymous); 0 disables the global limit. */
  rateLimitPerMinute: number;

  // --- Inventory (issue 4) ---
  /** ISO 4217 currency of new products (and so of the orders built from them). */
  currency: string;
  // --- end Inventory ---
  // --- orders ---
  /** Tax on the subtotal in basis points (825 = 8.25 %), rounded half-up. */
  taxRateBps: number;
  shippingStandardCents: number;
  shippingExpressCents: number;
  /** Standard shipping is free when the subtotal reaches this. */
  freeShippingThresholdCents: number;
}

/** The DI token of the typed configuration object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Validates the environment and builds the one typed configuration object.
 * Throws ConfigError naming the first offending variable.
 */
export function loadAppConfig(raw: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: false });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const first = errors[0];
    const constraints = first.constraints ?? {};
    const preferred = ['isInt', 'isIn', 'isBoolean', 'matches', 'isString'].find((k) => constraints[k]);
    const reason = (preferred ? constraints[preferred] : Object.values(constraints)[0]) ?? 'is invalid';
    const shown = redact(first.property, String(raw[first.property] ?? ''));
    throw new ConfigError(`Invalid environment variable ${first.property}=${JSON.stringify(shown)}: ${reason.replace(first.property + ' ', '')}`);
  }
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['env'];
  const dataDir = resolve(env.DATA_DIR ?? './.data');
  if (nodeEnv === 'production' && !env.JWT_SECRET) {
    throw new ConfigError('Missing environment variable JWT_SECRET: required when NODE_ENV=production');
  }
  if (env.EVENTS_STREAM === 'redis' && !env.REDIS_URL) {
    throw new ConfigError('Invalid environment variable EVENTS_STREAM="redis": needs REDIS_URL');
  }
  if (nodeEnv === 'production' && (!env.ADMIN_PASSWORD || env.ADMIN_PASSWORD === 'admin12345')) {
    throw new ConfigError('Missing environment variable ADMIN_PASSWORD: set a non-default admin password when NODE_ENV=production');
  }
  return {
    env: nodeEnv,
    port: env.PORT ?? 3000,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL,
    dataDir,
    redisUrl: env.REDIS_URL,
    redisKeyPrefix: env.REDIS_KEY_PREFIX ?? 'oms:',
    jwtSecret: env.JWT_SECRET ?? persistedDevSecret(dataDir),
    adminEmail: (env.ADMIN_EMAIL ?? 'admin@example.com').toLowerCase(),
    adminPassword: env.ADMIN_PASSWORD ?? 'admin12345',
    cacheTtlSeconds: env.CACHE_TTL_SECONDS ?? 60,
    cacheTimeoutMs: env.CACHE_TIMEOUT_MS ?? 150,
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
    shutdownDelayMs: env.SHUTDOWN_DELAY_MS ?? (nodeEnv === 'production' ? 5000 : 0),
    seedDemoData: env.SEED_DEMO_DATA ?? nodeEnv === 'development',
    version: packageVersion(),

    eventsStream: (env.EVENTS_STREAM as 'none' | 'redis' | undefined) ?? 'none',
    eventsStreamKey: env.EVENTS_STREAM_KEY ?? 'orders.events',
    eventsRelayIntervalMs: env.EVENTS_RELAY_INTERVAL_MS ?? 1000,
    eventsRedeliverAfterMs: env.EVENTS_REDELIVER_AFTER_MS ?? 5000,

    // --- Auth (tokens, test login, rate limits) ---
    ...authConfig(env, nodeEnv),

    // --- Inventory (issue 4) ---
    currency: env.CURRENCY ?? 'USD',
    // --- end Inventory ---
    taxRateBps: env.TAX_RATE_BPS ?? 0,
    shippingStandardCents: env.SHIPPING_STANDARD_CENTS ?? 500,
    shippingExpressCents: env.SHIPPING_EXPRESS_CENTS ?? 1500,
    freeShippingThresholdCents: env.FREE_SHIPPING_THRESHOLD_CENTS ?? 5000,
  };
}

/** Error lines must not print secrets: passwords are hidden, URLs lose their credentials. */
function redact(name: string, value: string): string {
  if (/SECRET|PASSWORD/.test(name)) return '***';
  if (name.endsWith('_URL')) return value.replace(/\/\/[^@/]*@/, '//***@');
  return value;
}

function parseCorsOrigins(value: string | undefined): string[] | boolean {
  if (!value) return false;
  if (value.trim() === '*') return true;
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Outside production a secret is generated once and kept, so tokens survive restarts. */
function persistedDevSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

function packageVersion(): string {
  for (const candidate of [join(__dirname, '../../package.json'), join(__dirname, '../../../package.json')]) {
    if (existsSync(candidate)) return (JSON.parse(readFileSync(candidate, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}

// --- Auth (tokens, test login, rate limits) ---
function authConfig(env: EnvironmentVariables, nodeEnv: AppConfig['env']) {
  if (nodeEnv === 'production' && env.AUTH_TEST_LOGIN) {
    throw new ConfigError('Invalid environment variable AUTH_TEST_LOGIN="true": the test login is refused when NODE_ENV=production');
  }
  return {
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS ?? 1800,
    refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS ?? 604800,
    jwtIssuer: env.JWT_ISSUER ?? 'order-management-api',
    jwtAudience: env.JWT_AUDIENCE ?? 'order-management-api',
    authTestLogin: env.AUTH_TEST_LOGIN ?? false,
    loginMaxFailures: env.LOGIN_MAX_FAILURES ?? 10,
    loginWindowSeconds: env.LOGIN_WINDOW_SECONDS ?? 900,
    registerMaxAttempts: env.REGISTER_MAX_ATTEMPTS ?? 10,
    registerWindowSeconds: env.REGISTER_WINDOW_SECONDS ?? 60,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE ?? 1000,
  } satisfies Partial<AppConfig>;
}
