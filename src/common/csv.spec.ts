import { csvField, toCsv } from './csv';

describe('CSV (RFC 4180)', () => {
  it('leaves plain fields alone and renders null as empty', () => {
    expect(csvField('2026-11-30')).toBe('2026-11-30');
    expect(csvField(1234)).toBe('1234');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(new Date('2026-11-30T10:00:00Z'))).toBe('2026-11-30T10:00:00.000Z');
  });

  it('quotes fields with commas, quotes and line breaks, doubling the quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('"')).toBe('""""');
  });

  it('ends every record, the last one too, with CRLF', () => {
    expect(
      toCsv(
        ['period', 'orders'],
        [
          ['2026-11', 3],
          ['2026-12', 0],
        ],
      ),
    ).toBe('period,orders\r\n2026-11,3\r\n2026-12,0\r\n');
    expect(toCsv(['name'], [])).toBe('name\r\n');
    expect(toCsv(['name', 'note'], [['Widget, large', 'the "best"']])).toBe('name,note\r\n"Widget, large","the ""best"""\r\n');
  });
});
