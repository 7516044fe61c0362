/**
 * The attendance table as a CSV file that opens right in Excel on a Vietnamese teacher's
 * computer: UTF-8 with a BOM (without it Excel reads the diacritics as Windows-1252 garbage),
 * Vietnamese headers, CRLF line ends, quoted fields, durations as H:MM:SS and times as
 * "YYYY-MM-DD HH:MM:SS" local time (both read as time values, whatever the decimal separator
 * of the machine).
 */
import { formatLocal, VIETNAM_UTC_OFFSET_MINUTES } from '../timetable/index.js';
import type { AttendanceRow, AttendanceTable, LeaveReason } from './AttendanceTypes.js';
import { csvLines } from './csvField.js';

export interface AttendanceCsvOptions {
  /** Offset of the school's clock from UTC, minutes. Default 420 (UTC+7). */
  utcOffsetMinutes?: number;
  /**
   * Field delimiter. Default ",". Use ";" for computers whose regional list separator is ";"
   * (Excel splits a double-clicked CSV on that separator).
   */
  delimiter?: ',' | ';';
  /**
   * Write ID codes as ="0790001234" so Excel keeps them as text: otherwise it drops leading
   * zeros and shows 12-digit codes as 7.9E+11. Default true.
   */
  codesAsExcelText?: boolean;
}

export const UTF8_BOM = '\uFEFF';

export const ATTENDANCE_CSV_HEADERS = [
  'STT',
  'Mã định danh',
  'Họ và tên',
  'Có mặt',
  'Vào lần đầu',
  'Rời lần cuối',
  'Lý do rời',
  'Thời gian có mặt',
  'Thời gian bật camera',
  'Thời gian bật micro',
  'Thời gian chia sẻ màn hình',
  'Số lần giơ tay',
  'Số tin nhắn',
  'Số câu hỏi nhanh đã trả lời',
  'Số câu trả lời đúng',
  'Số lần vào',
  'Đi muộn',
  'Về sớm',
] as const;

const REASONS: Record<LeaveReason, string> = {
  left: 'Tự rời',
  disconnected: 'Mất kết nối',
  removed: 'Bị mời ra',
  lesson_ended: 'Buổi học kết thúc',
};

/** 3725000 -> "1:02:05". */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export function attendanceCsv(table: AttendanceTable, options: AttendanceCsvOptions = {}): Buffer {
  const offset = options.utcOffsetMinutes ?? VIETNAM_UTC_OFFSET_MINUTES;
  const delimiter = options.delimiter ?? ',';
  const asText = options.codesAsExcelText ?? true;
  const time = (ms: number | null) => (ms === null ? '' : formatLocal(ms, offset));
  const yes = (b: boolean) => (b ? 'Có' : '');
  const line = (r: AttendanceRow, i: number) => [
    i + 1,
    asText ? { excelText: r.code } : r.code,
    r.displayName,
    r.attended ? 'Có' : 'Vắng',
    time(r.firstJoinAt),
    time(r.lastLeaveAt),
    r.presentNow ? 'Đang có mặt' : r.lastLeaveReason ? REASONS[r.lastLeaveReason] : '',
    formatDuration(r.presentMs),
    formatDuration(r.cameraOnMs),
    formatDuration(r.micOnMs),
    formatDuration(r.screenOnMs),
    r.handRaises,
    r.chatMessages,
    r.quizAnswers,
    r.quizCorrect,
    r.joinCount,
    yes(r.late),
    yes(r.leftEarly),
  ];
  const text = UTF8_BOM + csvLines([ATTENDANCE_CSV_HEADERS, ...table.rows.map(line)], delimiter);
  return Buffer.from(text, 'utf8');
}
