/**
 * One CSV field, RFC 4180 style, made safe for spreadsheets. (Written by hand because
 * csv-stringify is not a dependency; csv-parse reads it back in the tests.)
 *
 * - A field holding the delimiter, a double quote, CR or LF, or leading/trailing spaces (which
 *   Excel would trim) is wrapped in double quotes, with inner quotes doubled.
 * - A field that starts with = + - @ TAB or CR would be run as a formula by Excel or LibreOffice
 *   (CSV injection, OWASP): it gets a leading apostrophe, which spreadsheets show as text.
 * - `{ excelText }` is the one formula we write ourselves, ="0790001234", so that Excel keeps a
 *   number-like value as text; only letters, digits, spaces, ".", "_" and "-" may be inside.
 */
export type CsvValue = string | number | boolean | null | undefined | { excelText: string };

export function csvField(value: CsvValue, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'object') {
    text = /^[\p{L}\p{N} ._-]*$/u.test(value.excelText) ? `="${value.excelText}"` : guard(value.excelText);
  } else {
    text = guard(String(value));
  }
  const needsQuotes = text.includes(delimiter) || /["\r\n]/.test(text) || /^\s|\s$/.test(text);
  return needsQuotes ? `"${text.replaceAll('"', '""')}"` : text;
}

function guard(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** Rows of fields to CSV text: CRLF after every row, including the last (RFC 4180). */
export function csvLines(rows: readonly (readonly CsvValue[])[], delimiter = ','): string {
  return rows.map((row) => row.map((f) => csvField(f, delimiter)).join(delimiter) + '\r\n').join('');
}
