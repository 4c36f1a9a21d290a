import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { isIP } from 'node:net';
import { ConfigError, defineConfigSlice, toBool, toInt } from './config-slice';

/** The HTTP server's exposure: which proxies are believed, how long a client may hold a socket, what is public. */
class HttpVariables {
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  TRUST_PROXY?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(300000)
  HTTP_HEADERS_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3600000)
  HTTP_REQUEST_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000000)
  HTTP_MAX_CONNECTIONS?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  DOCS_ENABLED?: boolean;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  @MaxLength(512)
  METRICS_TOKEN?: string;
}

/** What Express's `trust proxy` gets: false (no proxy), a hop count, or a list of addresses/CIDRs/named ranges. */
export type TrustProxy = false | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export const httpConfig = defineConfigSlice({
  variables: HttpVariables,
  build: (v, { env }) => {
    const headersTimeoutMs = v.HTTP_HEADERS_TIMEOUT_MS ?? 10000;
    const requestTimeoutMs = v.HTTP_REQUEST_TIMEOUT_MS ?? 30000;
    if (requestTimeoutMs < headersTimeoutMs) {
      throw new ConfigError(
        `Invalid environment variable HTTP_REQUEST_TIMEOUT_MS=${JSON.stringify(String(requestTimeoutMs))}: must not be below HTTP_HEADERS_TIMEOUT_MS (${headersTimeoutMs})`,
      );
    }
    return {
      /** Whose `X-Forwarded-For` is believed for the client's address (rate limits, logs). Default: nobody's. */
      trustProxy: parseTrustProxy(v.TRUST_PROXY),
      /** A client must have sent its request line and headers within this long, its whole request within `requestTimeoutMs`. */
      headersTimeoutMs,
      requestTimeoutMs,
      /** An idle keep-alive socket is closed after this long. */
      keepAliveTimeoutMs: v.HTTP_KEEP_ALIVE_TIMEOUT_MS ?? 5000,
      /** Open sockets per instance; connections beyond it are closed at once. */
      maxConnections: v.HTTP_MAX_CONNECTIONS ?? 2000,
      /** Swagger UI at /docs and the document at /docs-json (default: on outside production). */
      docsEnabled: v.DOCS_ENABLED ?? env !== 'production',
      /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
      metricsToken: v.METRICS_TOKEN,
    };
  },
});

/**
 * `TRUST_PROXY`: unset, `false`, `0` or `none` trust no proxy (the peer's address is the client's);
 * a number trusts that many hops; otherwise a comma-separated list of addresses, CIDRs and the named
 * ranges `loopback`, `linklocal`, `uniquelocal`. `true` (believe anyone) is refused: any client
 * could then choose its own address.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const raw = (value ?? '').trim();
  if (raw === '' || raw === 'false' || raw === 'none' || raw === '0') return false;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 32) throw invalid(raw, 'a hop count must be 1 to 32');
    return hops;
  }
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (!isTrustEntry(entry)) {
      throw invalid(
        raw,
        `"${entry}" is not an IP address, a CIDR or one of loopback, linklocal, uniquelocal (use a hop count or a list; "true" is refused)`,
      );
    }
  }
  return entries;
}

function isTrustEntry(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  if (extra !== undefined) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d+$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

const invalid = (raw: string, reason: string) =>
  new ConfigError(`Invalid environment variable TRUST_PROXY=${JSON.stringify(raw)}: ${reason}`);
