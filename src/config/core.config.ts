import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, defineConfigSlice, NodeEnv, toBool, toInt } from './config-slice';

/** Process, database, Redis, cache, logging and HTTP settings that every module shares. */
class CoreVariables {
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

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(120000)
  SHUTDOWN_GRACE_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(600000)
  DATABASE_CONNECT_RETRY_MS?: number;

  @IsOptional() @Transform(toBool) @IsBoolean()
  SEED_DEMO_DATA?: boolean;
}

export const coreConfig = defineConfigSlice({
  variables: CoreVariables,
  build: (v, { env, dataDir }) => ({
    env: requireDatabaseInProduction(env, v.DATABASE_URL),
    port: v.PORT ?? 3000,
    host: v.HOST ?? '0.0.0.0',
    /** Unset means: start the embedded PostgreSQL in `dataDir/pg` (refused in production). */
    databaseUrl: v.DATABASE_URL,
    /** How long the first connection is retried (backoff 250 ms doubling to 5 s) while the server is unreachable; 0: once. */
    databaseConnectRetryMs: v.DATABASE_CONNECT_RETRY_MS ?? 30000,
    dataDir,
    redisUrl: v.REDIS_URL,
    redisKeyPrefix: v.REDIS_KEY_PREFIX ?? 'oms:',
    cacheTtlSeconds: v.CACHE_TTL_SECONDS ?? 60,
    /** A cache call slower than this is abandoned and the request falls through to the database. */
    cacheTimeoutMs: v.CACHE_TIMEOUT_MS ?? 150,
    logLevel: v.LOG_LEVEL ?? (env === 'test' ? 'silent' : 'info'),
    corsOrigins: parseCorsOrigins(v.CORS_ORIGINS),
    /** Time between readiness turning 503 and the server closing, so load balancers stop routing first. */
    shutdownDelayMs: v.SHUTDOWN_DELAY_MS ?? (env === 'production' ? 5000 : 0),
    /** After the delay: how long requests in flight may take before their connections are closed. */
    shutdownGraceMs: v.SHUTDOWN_GRACE_MS ?? 10000,
    seedDemoData: v.SEED_DEMO_DATA ?? env === 'development',
    version: packageVersion(),
  }),
});

/**
 * The embedded database is for development: in a container it would keep the orders on the
 * container's own layer, lost at the next deploy.
 */
function requireDatabaseInProduction(env: NodeEnv, databaseUrl: string | undefined): NodeEnv {
  if (env === 'production' && !databaseUrl) {
    throw new ConfigError('Missing environment variable DATABASE_URL: required when NODE_ENV=production (the embedded PostgreSQL is for development only)');
  }
  return env;
}

function parseCorsOrigins(value: string | undefined): string[] | boolean {
  if (!value) return false;
  if (value.trim() === '*') return true;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function packageVersion(): string {
  for (const candidate of [join(__dirname, '../../package.json'), join(__dirname, '../../../package.json')]) {
    if (existsSync(candidate)) return (JSON.parse(readFileSync(candidate, 'utf8')) as { version: string }).version;
  }
  return '0.0.0';
}
