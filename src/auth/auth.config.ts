import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { ConfigError, defineConfigSlice, toBool, toInt } from '../config/config-slice';

/** Tokens, the first admin, the test login and the credential/rate limits. */
class AuthVariables {
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[^@\s]+@[^@\s]+$/, { message: 'must be an email address' })
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(300)
  @Max(31536000)
  REFRESH_TOKEN_TTL_SECONDS?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  JWT_ISSUER?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  JWT_AUDIENCE?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  AUTH_TEST_LOGIN?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  LOGIN_MAX_FAILURES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  LOGIN_WINDOW_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  REGISTER_MAX_ATTEMPTS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  REGISTER_WINDOW_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10000000)
  RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  SESSION_CACHE_TTL_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(256)
  PASSWORD_HASH_CONCURRENCY?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10000)
  PASSWORD_HASH_QUEUE?: number;
}

export const authConfig = defineConfigSlice({
  variables: AuthVariables,
  build: (v, { env, dataDir }) => {
    if (env === 'production' && !v.JWT_SECRET) {
      throw new ConfigError('Missing environment variable JWT_SECRET: required when NODE_ENV=production');
    }
    if (env === 'production' && (!v.ADMIN_PASSWORD || v.ADMIN_PASSWORD === DEFAULT_ADMIN_PASSWORD)) {
      throw new ConfigError(
        'Missing environment variable ADMIN_PASSWORD: set a non-default admin password when NODE_ENV=production',
      );
    }
    if (env === 'production' && v.AUTH_TEST_LOGIN) {
      throw new ConfigError(
        'Invalid environment variable AUTH_TEST_LOGIN="true": the test login is refused when NODE_ENV=production',
      );
    }
    return {
      jwtSecret: v.JWT_SECRET ?? persistedDevSecret(dataDir),
      adminEmail: (v.ADMIN_EMAIL ?? 'admin@example.com').toLowerCase(),
      adminPassword: v.ADMIN_PASSWORD ?? DEFAULT_ADMIN_PASSWORD,
      accessTokenTtlSeconds: v.ACCESS_TOKEN_TTL_SECONDS ?? 1800,
      refreshTokenTtlSeconds: v.REFRESH_TOKEN_TTL_SECONDS ?? 604800,
      jwtIssuer: v.JWT_ISSUER ?? 'order-management-api',
      jwtAudience: v.JWT_AUDIENCE ?? 'order-management-api',
      /** `POST /auth/login-test` answers only when true; refused at start-up in production. */
      authTestLogin: v.AUTH_TEST_LOGIN ?? false,
      /** Failed logins allowed per IP + email within `loginWindowSeconds` before 429. */
      loginMaxFailures: v.LOGIN_MAX_FAILURES ?? 10,
      loginWindowSeconds: v.LOGIN_WINDOW_SECONDS ?? 900,
      /** Registrations allowed per IP + email within `registerWindowSeconds` before 429. */
      registerMaxAttempts: v.REGISTER_MAX_ATTEMPTS ?? 10,
      registerWindowSeconds: v.REGISTER_WINDOW_SECONDS ?? 60,
      /** Requests per minute per user (or IP when anonymous); 0 disables the global limit. */
      rateLimitPerMinute: v.RATE_LIMIT_PER_MINUTE ?? 1000,
      /**
       * How long an instance may answer the per-request session check from memory (0: never). Changes
       * reach every instance at once through Redis; this bounds what an instance that misses them serves.
       */
      sessionCacheTtlSeconds: v.SESSION_CACHE_TTL_SECONDS ?? 30,
      /** Password hashes (argon2id, 19 MiB each) running at once per instance, and waiting beyond them before 503. */
      passwordHashConcurrency: v.PASSWORD_HASH_CONCURRENCY ?? availableParallelism(),
      passwordHashQueue: v.PASSWORD_HASH_QUEUE ?? 32,
    };
  },
});

const DEFAULT_ADMIN_PASSWORD = 'admin12345';

/** Outside production a secret is generated once and kept, so tokens survive restarts. */
function persistedDevSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
