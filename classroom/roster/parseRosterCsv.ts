/**
 * CSV text to header-mapped rows, with a line number for each row. Lenient in what it
 * accepts from spreadsheets (BOM or not, CRLF or LF, "," or ";" or tab, Vietnamese headers with
 * or without diacritics), strict about what it keeps (every cell is reported by line and column).
 */
import { CsvError, parse } from 'csv-parse/sync';
import type { RosterColumn, RosterIssue, RosterKind } from './RosterTypes.js';

export interface ParsedRow {
  line: number;
  cells: Partial<Record<RosterColumn, string>>;
}

export interface ParsedRoster {
  rows: ParsedRow[];
  /** Header text of each recognised column, for issue reports. */
  headers: Partial<Record<RosterColumn, string>>;
  ignoredColumns: string[];
  issues: RosterIssue[];
}

/** Header spellings, compared after folding (no diacritics, lower case, "_" for separators). */
const ALIASES: Record<RosterColumn, readonly string[]> = {
  code: ['ma_dinh_danh', 'madinhdanh', 'ma_dinh_danh_ca_nhan', 'so_dinh_danh', 'ma_dd', 'ma_hoc_sinh', 'ma_giao_vien', 'ma', 'cccd', 'code', 'id_code'],
  name: ['ho_va_ten', 'ho_ten', 'hoten', 'ho_ten_hoc_sinh', 'ho_ten_giao_vien', 'ten', 'full_name', 'name'],
  class: ['lop', 'ten_lop', 'class'],
  assignments: ['phan_cong', 'phan_cong_giang_day', 'lop_mon', 'assignments'],
};

const REQUIRED: Record<RosterKind, readonly RosterColumn[]> = {
  students: ['code', 'name', 'class'],
  teachers: ['code', 'name'],
};
const ALLOWED: Record<RosterKind, readonly RosterColumn[]> = {
  students: ['code', 'name', 'class'],
  teachers: ['code', 'name', 'assignments'],
};

/** "Mã định danh" -> "ma_dinh_danh". */
export function foldHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** The delimiter used most on the header line, outside quotes. */
function detectDelimiter(firstLine: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ',';
}

type Record_ = { record: string[]; lines: number };

export function parseRosterCsv(text: string, kind: RosterKind, maxRows: number): ParsedRoster {
  // One line-ending convention before parsing, so that line numbers are right whatever the
  // file used (csv-parse counts a CRLF file's lines differently across records).
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const records: Record_[] = [];
  const firstLineEnd = normalized.indexOf('\n');
  try {
    parse(normalized, {
      delimiter: detectDelimiter(firstLineEnd === -1 ? normalized : normalized.slice(0, firstLineEnd)),
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      // `lines` is the line where the record ends; the caller subtracts newlines inside it.
      on_record: (record: string[], context) => {
        records.push({ record, lines: context.lines });
        return null;
      },
    });
  } catch (err) {
    const line = err instanceof CsvError ? Number((err as CsvError & { lines?: number }).lines ?? 0) : 0;
    return { rows: [], headers: {}, ignoredColumns: [], issues: [{ line, column: null, code: 'CSV_SYNTAX', message: String((err as Error).message) }] };
  }
  const [header, ...data] = records;
  if (!header) return { rows: [], headers: {}, ignoredColumns: [], issues: [{ line: 1, column: null, code: 'NO_ROWS', message: 'The file is empty' }] };
  const mapped = mapHeader(header.record, kind);
  if (mapped.issues.length > 0) return { rows: [], headers: mapped.headers, ignoredColumns: mapped.ignored, issues: mapped.issues };
  const issues: RosterIssue[] = [];
  if (data.length === 0) issues.push({ line: 2, column: null, code: 'NO_ROWS', message: 'The file has a header but no rows' });
  if (data.length > maxRows) {
    issues.push({ line: 1, column: null, code: 'FILE_TOO_LARGE', message: `At most ${maxRows} rows per file (found ${data.length})` });
    return { rows: [], headers: mapped.headers, ignoredColumns: mapped.ignored, issues };
  }
  const rows: ParsedRow[] = [];
  for (const { record, lines } of data) {
    const line = lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    if (record.length !== header.record.length) {
      const message = `Expected ${header.record.length} fields like the header, found ${record.length} (a name with a comma must be in double quotes)`;
      issues.push({ line, column: null, code: 'WRONG_FIELD_COUNT', message });
      continue;
    }
    const cells: Partial<Record<RosterColumn, string>> = {};
    for (const [column, index] of mapped.index) cells[column] = record[index] ?? '';
    rows.push({ line, cells });
  }
  return { rows, headers: mapped.headers, ignoredColumns: mapped.ignored, issues };
}

function mapHeader(
  cells: string[],
  kind: RosterKind,
): { index: Map<RosterColumn, number>; headers: Partial<Record<RosterColumn, string>>; ignored: string[]; issues: RosterIssue[] } {
  const index = new Map<RosterColumn, number>();
  const headers: Partial<Record<RosterColumn, string>> = {};
  const ignored: string[] = [];
  const issues: RosterIssue[] = [];
  cells.forEach((raw, i) => {
    const text = raw.normalize('NFC').trim();
    const folded = foldHeader(text);
    const column = ALLOWED[kind].find((c) => ALIASES[c].includes(folded));
    if (!column) {
      if (text !== '') ignored.push(text);
    } else if (index.has(column)) {
      issues.push({ line: 1, column: text, code: 'DUPLICATE_COLUMN', message: `Column "${text}" appears twice` });
    } else {
      index.set(column, i);
      headers[column] = text;
    }
  });
  for (const column of REQUIRED[kind]) {
    if (!index.has(column)) {
      const expected = ALIASES[column][0] ?? column;
      issues.push({ line: 1, column: expected, code: 'MISSING_COLUMN', message: `Missing column "${expected}" (header line)` });
    }
  }
  return { index, headers, ignored, issues };
}
