/**
 * A parents' CSV file to rows with their line numbers, as lenient as the roster import about what
 * spreadsheets write (BOM, CRLF, "," ";" or tab, Vietnamese headers with or without marks) and as
 * strict about every cell. Columns: the parent's name, their login name, the children's ID codes
 * (several in one cell, separated by spaces, ";" or "|").
 */
import { CsvError, parse } from 'csv-parse/sync';
import type { ParentIssue } from './ParentTypes.js';

export type ParentColumn = 'name' | 'username' | 'children';

const ALIASES: Record<ParentColumn, readonly string[]> = {
  name: ['ho_va_ten', 'ho_ten', 'hoten', 'ho_ten_phu_huynh', 'ten_phu_huynh', 'phu_huynh', 'full_name', 'name'],
  username: ['ten_dang_nhap', 'tendangnhap', 'tai_khoan', 'dang_nhap', 'username', 'login'],
  children: ['ma_dinh_danh_con', 'ma_dinh_danh_hoc_sinh', 'ma_hoc_sinh', 'ma_con', 'con', 'hoc_sinh', 'children', 'child_codes', 'student_codes'],
};
const COLUMNS: readonly ParentColumn[] = ['name', 'username', 'children'];

export interface ParentCsvRow {
  line: number;
  cells: Record<ParentColumn, string>;
}

export interface ParsedParents {
  rows: ParentCsvRow[];
  headers: Partial<Record<ParentColumn, string>>;
  issues: ParentIssue[];
}

/** "Mã định danh con" -> "ma_dinh_danh_con". */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

function delimiterOf(firstLine: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ',';
}

export function parseParentCsv(text: string, maxRows: number): ParsedParents {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const records: Array<{ record: string[]; lines: number }> = [];
  const end = normalized.indexOf('\n');
  try {
    parse(normalized, {
      delimiter: delimiterOf(end === -1 ? normalized : normalized.slice(0, end)),
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      on_record: (record: string[], context) => {
        records.push({ record, lines: context.lines });
        return null;
      },
    });
  } catch (err) {
    const line = err instanceof CsvError ? Number((err as CsvError & { lines?: number }).lines ?? 0) : 0;
    return { rows: [], headers: {}, issues: [{ line, column: null, code: 'CSV_SYNTAX', message: String((err as Error).message) }] };
  }
  const [header, ...data] = records;
  if (!header) return { rows: [], headers: {}, issues: [{ line: 1, column: null, code: 'NO_ROWS', message: 'The file is empty' }] };
  const index = new Map<ParentColumn, number>();
  const headers: Partial<Record<ParentColumn, string>> = {};
  const issues: ParentIssue[] = [];
  header.record.forEach((raw, i) => {
    const textOf = raw.normalize('NFC').trim();
    const column = COLUMNS.find((c) => ALIASES[c].includes(fold(textOf)));
    if (!column) return;
    if (index.has(column)) issues.push({ line: 1, column: textOf, code: 'DUPLICATE_COLUMN', message: `Column "${textOf}" appears twice` });
    index.set(column, i);
    headers[column] = textOf;
  });
  for (const c of COLUMNS) {
    if (!index.has(c)) issues.push({ line: 1, column: ALIASES[c][0]!, code: 'MISSING_COLUMN', message: `Missing column "${ALIASES[c][0]!}" (header line)` });
  }
  if (issues.length > 0) return { rows: [], headers, issues };
  if (data.length === 0) return { rows: [], headers, issues: [{ line: 2, column: null, code: 'NO_ROWS', message: 'The file has a header but no rows' }] };
  if (data.length > maxRows) return { rows: [], headers, issues: [{ line: 1, column: null, code: 'FILE_TOO_LARGE', message: `At most ${maxRows} rows per file (found ${data.length})` }] };
  const rows: ParentCsvRow[] = [];
  for (const { record, lines } of data) {
    const line = lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    if (record.length !== header.record.length) {
      issues.push({ line, column: null, code: 'WRONG_FIELD_COUNT', message: `Expected ${header.record.length} fields like the header, found ${record.length} (a cell with a comma must be in double quotes)` });
      continue;
    }
    const cell = (c: ParentColumn) => (record[index.get(c)!] ?? '').normalize('NFC').trim();
    rows.push({ line, cells: { name: cell('name'), username: cell('username'), children: cell('children') } });
  }
  return { rows, headers, issues };
}
