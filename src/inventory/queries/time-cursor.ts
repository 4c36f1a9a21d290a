import { ValidationError } from '../../common/errors/domain-error';
import { decodeCursor } from '../../common/pagination';

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
