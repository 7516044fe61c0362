import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ATTENDANCE_CSV_HEADERS, attendanceCsv, formatDuration } from './attendanceCsv.js';
import type { AttendanceRow, AttendanceTable } from './AttendanceTypes.js';
import { csvField, csvLines } from './csvField.js';

const T0 = Date.UTC(2026, 8, 7, 0, 0, 5); // 07:00:05 in Vietnam

const row = (over: Partial<AttendanceRow>): AttendanceRow => ({
  userId: 'u',
  code: '0791000001',
  displayName: 'Nguyễn Văn An',
  attended: true,
  presentNow: false,
  firstJoinAt: T0,
  lastLeaveAt: T0 + 2_700_000,
  lastLeaveReason: 'lesson_ended',
  presentMs: 2_700_000,
  cameraOnMs: 1_020_000,
  micOnMs: 60_000,
  screenOnMs: 0,
  handRaises: 2,
  chatMessages: 3,
  quizAnswers: 4,
  quizCorrect: 3,
  joinCount: 2,
  late: false,
  leftEarly: false,
  ...over,
});

const table: AttendanceTable = {
  rows: [
    row({}),
    row({ userId: 'b', code: '079100000002', displayName: "H'Hen Niê", late: true, leftEarly: true, lastLeaveReason: 'disconnected' }),
    row({ userId: 'c', code: '0791000003', displayName: 'Lê Văn Cường', attended: false, firstJoinAt: null, lastLeaveAt: null, lastLeaveReason: null, presentMs: 0, cameraOnMs: 0, micOnMs: 0, handRaises: 0, chatMessages: 0, joinCount: 0 }),
  ],
  absent: ['c'],
  notOnRoster: [],
  generatedAt: T0,
};

describe('attendanceCsv', () => {
  it('starts with the UTF-8 BOM, uses CRLF, and parses back to the same table with Vietnamese headers', () => {
    const bytes = attendanceCsv(table);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')).toHaveLength(table.rows.length + 2);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    const [header, ...rows] = parse(bytes, { bom: true }) as string[][];
    expect(header).toEqual([...ATTENDANCE_CSV_HEADERS]);
    expect(rows[0]).toEqual(['1', '="0791000001"', 'Nguyễn Văn An', 'Có', '2026-09-07 07:00:05', '2026-09-07 07:45:05', 'Buổi học kết thúc', '0:45:00', '0:17:00', '0:01:00', '0:00:00', '2', '3', '4', '3', '2', '', '']);
    expect(rows[1]?.slice(1, 3)).toEqual(['="079100000002"', "H'Hen Niê"]);
    expect(rows[1]?.slice(16)).toEqual(['Có', 'Có']);
    expect(rows[1]?.[6]).toBe('Mất kết nối');
    expect(rows[2]?.slice(3, 7)).toEqual(['Vắng', '', '', '']);
  });

  it('writes plain codes and ";" when asked', () => {
    const rows = parse(attendanceCsv(table, { delimiter: ';', codesAsExcelText: false }), { bom: true, delimiter: ';' }) as string[][];
    expect(rows[1]?.[1]).toBe('0791000001');
  });

  it('formats durations as H:MM:SS', () => {
    expect([0, 59_400, 3_725_000, 36_000_000].map(formatDuration)).toEqual(['0:00:00', '0:00:59', '1:02:05', '10:00:00']);
  });
});

describe('csvField', () => {
  it('quotes delimiters, quotes, line breaks and edge spaces, doubling inner quotes', () => {
    expect(csvLines([['a,b', 'say "hi"', 'two\nlines', ' pad', 'plain', null, 3]])).toBe('"a,b","say ""hi""","two\nlines"," pad",plain,,3\r\n');
    expect(csvField('a;b', ';')).toBe('"a;b"');
  });

  it('defuses spreadsheet formulas, but writes the ="..." text form for safe values', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField({ excelText: '0791000001' })).toBe('"=""0791000001"""');
    expect(csvField({ excelText: '1") & CMD("' })).toBe('"1"") & CMD("""');
  });

  it('round-trips awkward values through csv-parse', () => {
    const values = ['Nguyễn, "Bé" An', 'line1\r\nline2', '  spaced  ', '', "'quote"];
    expect(parse(csvLines([values]))).toEqual([values]);
  });
});
