/**
 * The statistics as a workbook (exceljs, as the gradebook's files): one sheet per grouping, a
 * title line with the period, then one row per grade / class / subject / teacher and a total.
 * Counts and rates are numbers (a principal sorts and sums them in the spreadsheet); rates carry
 * a percent format, scores one decimal.
 */
import ExcelJS from 'exceljs';
import { formatLocal } from '../timetable/index.js';
import type { Figures, GroupBy, StatisticsReport } from './StatisticsTypes.js';

const SHEETS: Record<GroupBy, { sheet: string; head: string }> = {
  grade: { sheet: 'Theo khối', head: 'Khối' },
  class: { sheet: 'Theo lớp', head: 'Lớp' },
  subject: { sheet: 'Theo môn', head: 'Môn' },
  teacher: { sheet: 'Theo giáo viên', head: 'Giáo viên' },
};

/** Column headers as Vietnamese school reports word them, with how each cell is formatted. */
const COLUMNS: ReadonlyArray<{ head: string; value: (f: Figures) => number | null; format?: string }> = [
  { head: 'Buổi học đã lên lịch', value: (f) => f.lessonsScheduled },
  { head: 'Buổi học trực tuyến đã dạy', value: (f) => f.lessonsHeld },
  { head: 'Số tiết đã dạy', value: (f) => f.periodsTaught },
  { head: 'Buổi bị hủy', value: (f) => f.lessonsCancelled },
  { head: 'Buổi không diễn ra', value: (f) => f.lessonsMissed },
  { head: 'Lượt có mặt', value: (f) => f.attended },
  { head: 'Lượt vắng', value: (f) => f.absences },
  { head: 'Tỉ lệ chuyên cần', value: (f) => f.attendanceRate, format: '0.0%' },
  { head: 'Vào muộn', value: (f) => f.late },
  { head: 'Rời sớm', value: (f) => f.leftEarly },
  { head: 'Bài tập', value: (f) => f.assignments },
  { head: 'Lượt được giao', value: (f) => f.assigned },
  { head: 'Lượt đã nộp', value: (f) => f.handedIn },
  { head: 'Tỉ lệ nộp bài', value: (f) => f.handInRate, format: '0.0%' },
  { head: 'Điểm trung bình', value: (f) => (f.averageScoreTenths === null ? null : f.averageScoreTenths / 10), format: '0.0' },
  { head: 'Học liệu được duyệt', value: (f) => f.materialsApproved },
  { head: 'Học liệu được sử dụng', value: (f) => f.materialsUsed },
  { head: 'Lượt học sinh mở học liệu', value: (f) => f.materialOpenings },
  { head: 'Câu hỏi đã trả lời (trong giờ học)', value: (f) => f.questionsAnsweredLive },
  { head: 'Câu hỏi đã trả lời (hỏi đáp của lớp)', value: (f) => f.questionsAnsweredAsync },
  { head: 'Tổng câu hỏi đã trả lời', value: (f) => f.questionsAnswered },
];

export interface StatisticsTitle {
  schoolName: string;
  /** The teacher the report is narrowed to, if any. */
  teacherName: string | null;
  utcOffsetMinutes: number;
}

export function statisticsTitle(report: StatisticsReport, t: StatisticsTitle): string {
  const day = (ms: number) => formatLocal(ms, t.utcOffsetMinutes).slice(0, 10);
  const who = t.teacherName ? ` — Giáo viên ${t.teacherName}` : '';
  return `Thống kê dạy học trực tuyến — ${t.schoolName}${who} — từ ${day(report.from)} đến ${day(report.to - 1)}`;
}

export async function statisticsXlsx(report: StatisticsReport, t: StatisticsTitle): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lớp học trực tuyến';
  for (const by of ['grade', 'class', 'subject', 'teacher'] as const) {
    const ws = wb.addWorksheet(SHEETS[by].sheet);
    const head = ['STT', SHEETS[by].head, ...COLUMNS.map((c) => c.head)];
    ws.addRow([statisticsTitle(report, t)]);
    ws.mergeCells(1, 1, 1, head.length);
    ws.getRow(1).font = { bold: true, size: 13 };
    ws.addRow(head).font = { bold: true };
    report.tables[by].forEach((r, i) => ws.addRow([i + 1, r.name, ...COLUMNS.map((c) => c.value(r.figures))]));
    ws.addRow(['', 'Tổng', ...COLUMNS.map((c) => c.value(report.total))]).font = { bold: true };
    ws.columns.forEach((col, i) => {
      col.width = i === 0 ? 5 : i === 1 ? 26 : 14;
      const format = COLUMNS[i - 2]?.format;
      if (format) col.numFmt = format;
    });
    ws.getRow(2).alignment = { wrapText: true, vertical: 'top' };
    ws.views = [{ state: 'frozen', xSplit: 2, ySplit: 2 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
