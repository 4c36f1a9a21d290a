import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfigSlice, toBool, toInt } from './config-slice';

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

  @IsOptional() @Transform(toBool) @IsBoolean()
  SEED_DEMO_DATA?: boolean;
}

export const coreConfig = defineConfigSlice({
  variables: CoreVariables,
  build: (v, { env, dataDir }) => ({
    env,
    port: v.PORT ?? 3000,
    host: v.HOST ?? '0.0.0.0',
    /** Unset means: start the embedded PostgreSQL in `dataDir/pg`. */
    databaseUrl: v.DATABASE_URL,
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
    seedDemoData: v.SEED_DEMO_DATA ?? env === 'development',
    version: packageVersion(),
  }),
});

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
