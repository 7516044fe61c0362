/**
 * The results of one quiz or exam as CSV with a UTF-8 BOM (Excel opens it as UTF-8) and
 * Vietnamese headers: one row per student of the class, in class-list order.
 */
import { UTF8_BOM, csvLines } from '../attendance/index.js';
import type { ProctorRow } from './ExamProctor.js';

export const RESULTS_CSV_HEADERS = ['STT', 'Mã định danh', 'Họ và tên', 'Lần làm', 'Trạng thái', 'Bắt đầu', 'Nộp bài', 'Số câu đã trả lời', 'Điểm', 'Điểm thang 10'];

const STATUS_VI: Record<string, string> = { in_progress: 'Đang làm', submitted: 'Đã nộp', closed_by_deadline: 'Hết giờ' };

/** Times in Vietnam's time zone, as a teacher reads them. */
function localTime(ms: number | null): string {
  if (ms === null) return '';
  return new Date(ms).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour12: false });
}

export function resultsCsv(rows: readonly ProctorRow[]): string {
  const body = rows.map((r, i) => {
    const a = r.attempt;
    return [i + 1, { excelText: r.code }, r.name, a?.number ?? '', a ? STATUS_VI[a.status] ?? a.status : 'Chưa làm', localTime(a?.startedAt ?? null), localTime(a?.finishedAt ?? null), a?.answered ?? '', a?.points ?? '', a?.score10 ?? ''];
  });
  return UTF8_BOM + csvLines([RESULTS_CSV_HEADERS, ...body]);
}
