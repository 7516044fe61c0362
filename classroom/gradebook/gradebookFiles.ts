/**
 * The gradebook as files schools use: XLSX (exceljs) in the column layout school-management
 * software takes (STT, Mã định danh, Họ và tên, ĐĐGtx1…n, ĐĐGgk, ĐĐGck, ĐTBmhk [, ĐTBmhkI,
 * ĐTBmcn]), CSV with a UTF-8 BOM (Excel reads it as UTF-8), and the import of the same XLSX:
 * rows matched by ID code, every cell checked, a preview with row errors, nothing applied while
 * any error remains.
 */
import ExcelJS from 'exceljs';
import { ValidationError } from '../../platform/index.js';
import { UTF8_BOM, csvLines } from '../attendance/index.js';
import type { Slot } from './circular22.js';
import type { GradebookEntry } from './GradebookTypes.js';
import { formatVerdict, parseVerdict, type GradebookView } from './GradebookService.js';
import { formatScore, parseScore } from './scores.js';

export const SLOT_HEADERS: Record<Slot, string> = {
  tx1: 'ĐĐGtx1', tx2: 'ĐĐGtx2', tx3: 'ĐĐGtx3', tx4: 'ĐĐGtx4', tx5: 'ĐĐGtx5', tx6: 'ĐĐGtx6', gk: 'ĐĐGgk', ck: 'ĐĐGck',
};
const ID_HEADER = 'Mã định danh';

export interface GradebookTitle {
  className: string;
  subjectName: string;
}

function headers(view: GradebookView): string[] {
  const base = ['STT', ID_HEADER, 'Họ và tên', ...view.slots.map((s) => SLOT_HEADERS[s])];
  if (view.assessment.mode === 'comment') return [...base, 'Kết quả học kỳ'];
  return view.key.term === 2 ? [...base, 'ĐTBmhkII', 'ĐTBmhkI', 'ĐTBmcn'] : [...base, 'ĐTBmhkI'];
}

/** One row per student: numbers as numbers (spreadsheets compute with them), verdicts as text. */
function rows(view: GradebookView): Array<Array<string | number | null>> {
  const num = (t: number | null) => (t === null ? null : t / 10);
  return view.rows.map((r, i) => {
    const cells = view.slots.map((s) => {
      const c = r.cells[s];
      return view.assessment.mode === 'comment' ? formatVerdict(c?.verdict ?? null) || null : num(c?.scoreTenths ?? null);
    });
    const tail = view.assessment.mode === 'comment' ? [formatVerdict(r.termVerdict) || null] : view.key.term === 2 ? [num(r.termAverage), num(r.termIAverage), num(r.yearAverage)] : [num(r.termAverage)];
    return [i + 1, r.student.code, r.student.displayName, ...cells, ...tail];
  });
}

function titleLine(view: GradebookView, t: GradebookTitle): string {
  return `Sổ điểm — Lớp ${t.className} — Môn ${t.subjectName} — Học kỳ ${view.key.term === 1 ? 'I' : 'II'} — Năm học ${view.key.schoolYear}`;
}

export async function gradebookXlsx(view: GradebookView, t: GradebookTitle): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lớp học trực tuyến';
  const ws = wb.addWorksheet(`HK${view.key.term === 1 ? 'I' : 'II'} ${view.key.schoolYear}`);
  const head = headers(view);
  ws.addRow([titleLine(view, t)]);
  ws.mergeCells(1, 1, 1, head.length);
  ws.getRow(1).font = { bold: true, size: 13 };
  ws.addRow(head).font = { bold: true };
  for (const r of rows(view)) ws.addRow(r);
  ws.columns.forEach((col, i) => {
    col.width = i === 2 ? 28 : i === 1 ? 16 : i === 0 ? 5 : 10;
    if (i >= 3 && view.assessment.mode === 'score') col.numFmt = '0.0';
  });
  ws.views = [{ state: 'frozen', xSplit: 3, ySplit: 2 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function gradebookCsv(view: GradebookView, t: GradebookTitle): Buffer {
  const text = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? formatScore(Math.round(v * 10)) : v);
  const lines = csvLines([[titleLine(view, t)], headers(view), ...rows(view).map((r) => r.map((v, i) => (i === 0 ? String(v) : text(v))))]);
  return Buffer.from(UTF8_BOM + lines, 'utf8');
}

export interface GradebookImportIssue {
  /** 1-based spreadsheet row. */
  line: number;
  column: string;
  reason: string;
  message: string;
}

export interface ImportPlan {
  /** Cells to write (only those that differ from the gradebook). */
  cells: Array<{ line: number; studentId: string; code: string; name: string; slot: Slot; from: string; to: string; value: Pick<GradebookEntry, 'scoreTenths' | 'verdict'> }>;
  issues: GradebookImportIssue[];
  ok: boolean;
}

/**
 * Reads an XLSX exported by gradebookXlsx (or typed in its layout) against the current view.
 * Columns are found by their headers; computed columns (averages) are ignored; an empty cell
 * leaves the gradebook as it is.
 */
export async function planImport(view: GradebookView, file: Buffer): Promise<ImportPlan> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch (cause) {
    throw new ValidationError('This is not an XLSX file', { cause, details: { reason: 'file' } });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new ValidationError('The workbook has no sheet', { details: { reason: 'file' } });
  let headerRow = 0;
  const columns = new Map<number, Slot | 'code'>();
  for (let r = 1; r <= Math.min(10, ws.rowCount) && headerRow === 0; r++) {
    ws.getRow(r).eachCell((cell, col) => {
      const h = cellString(cell.value).normalize('NFC').trim();
      if (h === ID_HEADER) headerRow = r;
      const slot = (Object.keys(SLOT_HEADERS) as Slot[]).find((s) => SLOT_HEADERS[s] === h);
      if (h === ID_HEADER) columns.set(col, 'code');
      else if (slot) columns.set(col, slot);
    });
    if (headerRow === 0) columns.clear();
  }
  if (headerRow === 0) throw new ValidationError(`No header row with "${ID_HEADER}" in the first 10 rows`, { details: { reason: 'header' } });
  const issues: GradebookImportIssue[] = [];
  for (const [col, slot] of columns) {
    if (slot !== 'code' && !view.slots.includes(slot)) issues.push({ line: headerRow, column: SLOT_HEADERS[slot], reason: 'slot', message: `This subject has no column ${SLOT_HEADERS[slot]}` });
    void col;
  }
  const byCode = new Map(view.rows.map((r) => [r.student.code, r]));
  const cells: ImportPlan['cells'] = [];
  const seen = new Set<string>();
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const codeCol = [...columns].find(([, s]) => s === 'code')![0];
    const code = cellString(row.getCell(codeCol).value).trim();
    if (code === '') continue;
    const student = byCode.get(code);
    if (!student) {
      issues.push({ line: r, column: ID_HEADER, reason: 'unknown_student', message: `No student with ID code ${code} in this class` });
      continue;
    }
    if (seen.has(code)) issues.push({ line: r, column: ID_HEADER, reason: 'duplicate', message: `ID code ${code} appears twice` });
    seen.add(code);
    for (const [col, slot] of columns) {
      if (slot === 'code' || !view.slots.includes(slot)) continue;
      const raw = row.getCell(col).value;
      const text = cellString(raw).trim();
      if (text === '') continue;
      try {
        const value: Pick<GradebookEntry, 'scoreTenths' | 'verdict'> =
          view.assessment.mode === 'score' ? { scoreTenths: parseScore(typeof raw === 'number' ? numberText(raw) : text), verdict: null } : { scoreTenths: null, verdict: parseVerdict(text) };
        const current = student.cells[slot];
        const from = view.assessment.mode === 'score' ? formatScore(current?.scoreTenths ?? null) : formatVerdict(current?.verdict ?? null);
        const to = view.assessment.mode === 'score' ? formatScore(value.scoreTenths) : formatVerdict(value.verdict);
        if (from !== to) cells.push({ line: r, studentId: student.student.userId, code, name: student.student.displayName, slot, from, to, value });
      } catch (err) {
        const e = err as ValidationError;
        issues.push({ line: r, column: SLOT_HEADERS[slot], reason: String(e.details?.reason ?? 'value'), message: e.message });
      }
    }
  }
  return { cells, issues, ok: issues.length === 0 };
}

/** A spreadsheet number as typed: 7.5 → "7.5"; 7.25 stays "7.25" (and is refused). */
function numberText(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

function cellString(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((t) => t.text).join('');
  if (typeof v === 'object' && 'result' in v) return cellString(v.result as ExcelJS.CellValue);
  return String(v);
}
