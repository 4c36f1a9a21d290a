/**
 * RFC 4180 CSV: CRLF between records (and after the last), a field quoted when it holds a comma,
 * a double quote, CR or LF, and a quote inside a quoted field doubled. Null and undefined are
 * empty fields.
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',') + '\r\n').join('');
}

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
