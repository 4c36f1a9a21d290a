import { PreconditionFailedError } from '../errors/domain-error';
import { assertIfMatch, etagOf } from './if-match';

describe('If-Match', () => {
  it('formats the ETag as the quoted version', () => {
    expect(etagOf(7)).toBe('"7"');
  });

  it('passes without a header, with *, and with the current version (quoted or bare)', () => {
    for (const header of [undefined, '', '*', '"3"', '3', '"1", "3"']) {
      expect(() => assertIfMatch(header, 3)).not.toThrow();
    }
  });

  it('fails with 412 when no tag matches the current version', () => {
    for (const header of ['"2"', '"33"', 'W/"4", "5"', 'garbage', 'W/"3"', 'W/"3", "4"']) {
      expect(() => assertIfMatch(header, 3)).toThrow(PreconditionFailedError);
    }
  });
});
