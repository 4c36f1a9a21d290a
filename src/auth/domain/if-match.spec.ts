import { ValidationError } from '../../common/errors/domain-error';
import { parseIfMatch } from './if-match';

describe('parseIfMatch', () => {
  it('reads strong and weak ETags of a version', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
  });

  it('sets no precondition when absent or *', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('*')).toBeUndefined();
  });

  it('rejects anything else as a bad request', () => {
    expect(() => parseIfMatch('abc')).toThrow(ValidationError);
    expect(() => parseIfMatch('"1", "2"')).toThrow(ValidationError);
  });
});
