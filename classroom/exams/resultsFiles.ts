/**
 * The results of one quiz or exam as CSV with a UTF-8 BOM (Excel opens it as UTF-8) and as
 * XLSX, with Vietnamese headers: one row per student of the class, in class-list order.
 * The XLSX is the smallest valid SpreadsheetML package (one sheet, inline strings), zipped with
 * fflate, already a dependency for reading .docx: no spreadsheet library for one table.
 */
import { strToU8, zipSync } from 'fflate';
import { UTF8_BOM, csvLines } from '../attendance/index.js';
import type { ProctorRow } from './ExamProctor.js';

export const RESULTS_CSV_HEADERS = ['STT', 'Mã định danh', 'Họ và tên', 'Lần làm', 'Trạng thái', 'Bắt đầu', 'Nộp bài', 'Số câu đã trả lời', 'Điểm', 'Điểm thang 10'];

const STATUS_VI: Record<string, string> = { in_progress: 'Đang làm', submitted: 'Đã nộp', closed_by_deadline: 'Hết giờ' };

/** Times in Vietnam's time zone, as a teacher reads them. */
function localTime(ms: number | null): string {
  if (ms === null) return '';
  return new Date(ms).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour12: false });
}

type Cell = string | number;

function table(rows: readonly ProctorRow[]): Cell[][] {
  return rows.map((r, i) => {
    const a = r.attempt;
    return [i + 1, r.code, r.name, a?.number ?? '', a ? STATUS_VI[a.status] ?? a.status : 'Chưa làm', localTime(a?.startedAt ?? null), localTime(a?.finishedAt ?? null), a?.answered ?? '', a?.points ?? '', a?.score10 ?? ''];
  });
}

export function resultsCsv(rows: readonly ProctorRow[]): string {
  // The ID code as text: Excel would drop its leading zeros.
  const body = table(rows).map((row) => row.map((c, i) => (i === 1 ? { excelText: String(c) } : c)));
  return UTF8_BOM + csvLines([RESULTS_CSV_HEADERS, ...body]);
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
const column = (i: number) => String.fromCharCode(65 + i);

function cell(value: Cell, ref: string): string {
  if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`;
  if (value === '') return '';
  return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xml(value)}</t></is></c>`;
}

export function resultsXlsx(rows: readonly ProctorRow[], sheetName = 'Kết quả'): Uint8Array {
  const all: Cell[][] = [RESULTS_CSV_HEADERS, ...table(rows)];
  const sheetRows = all.map((row, r) => `<row r="${r + 1}">${row.map((v, c) => cell(v, `${column(c)}${r + 1}`)).join('')}</row>`).join('');
  const files: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${xml(sheetName.slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`,
  };
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
}
