import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ValidationError } from './errors/domain-error';
import { digitsToNumber, isUnstorableText } from './http/validation';

/** `?limit=&cursor=` of every list. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Transform(digitsToNumber)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (`nextCursor`).' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Keyset cursors: the sort key values of the last row seen, base64url-encoded JSON. Clients treat
 * them as opaque; a tampered cursor is a 400, never a 500.
 */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor<T extends unknown[]>(cursor: string | undefined, shape: Array<'string' | 'number'>): T | undefined {
  if (!cursor) return undefined;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    // Strings must be text the database can take (they reach SQL as parameters); numbers safe
    // integers, as every numeric sort key is.
    const valid = (v: unknown, kind: 'string' | 'number') =>
      kind === 'string' ? typeof v === 'string' && !isUnstorableText(v) : typeof v === 'number' && Number.isSafeInteger(v);
    if (Array.isArray(values) && values.length === shape.length && values.every((v, i) => valid(v, shape[i]))) return values as T;
  } catch {
    // fall through to the error below
  }
  throw new ValidationError([{ field: 'cursor', message: 'cursor is not valid' }]);
}

/** Builds a page from `limit + 1` fetched rows. */
export function toPage<R, T>(rows: R[], limit: number, cursorOf: (row: R) => unknown[], map: (row: R) => T): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(map),
    nextCursor: hasMore ? encodeCursor(cursorOf(pageRows[pageRows.length - 1])) : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Cursor of lists keyed by (createdAt, id): the last row's ISO timestamp (ms precision, as stored) and id. */
export function decodeTimeCursor(cursor: string | undefined): { at: Date; id: string } | undefined {
  const values = decodeCursor<[string, string]>(cursor, ['string', 'string']);
  if (!values) return undefined;
  const at = new Date(values[0]);
  // Years outside 1..9999 are no row's createdAt, and some are beyond PostgreSQL's timestamptz range (a 500).
  const year = at.getUTCFullYear();
  if (Number.isNaN(at.getTime()) || year < 1 || year > 9999 || !UUID.test(values[1])) throw new ValidationError([{ field: 'cursor', message: 'cursor is not valid' }]);
  return { at, id: values[1] };
}
