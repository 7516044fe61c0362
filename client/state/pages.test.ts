import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TimetableEntry } from '../net/index.js';
import { createdAccountsCsv } from './roster.js';
import { assignments, checkSchedule } from './teach.js';
import { byDay, joinAvailability, JOIN_EARLY_MS, schoolDate, schoolTime } from './timetable.js';
import { reactions, receiveReaction, REACTION_SHOW_MS, sendReaction } from './reactions.js';
import { safeLocalPath, loginPathFor } from './navigation.js';

const START = Date.UTC(2026, 10, 23, 0, 30); // 07:30 in Vietnam

function entry(overrides: Partial<TimetableEntry['lesson']> = {}, canJoin = true): TimetableEntry {
  return {
    lesson: { id: 'les_1', title: '', classId: 'c', subjectId: 's', teacherId: 't', scheduledStart: START, scheduledEnd: START + 45 * 60_000, startedAt: null, endedAt: null, status: 'scheduled', hasPassword: false, ...overrides },
    className: '8A',
    subjectName: 'Toán',
    teacherName: 'Cô Lan',
    canJoin,
    canManage: false,
  };
}

describe('timetable', () => {
  it('opens "Vào lớp" shortly before the start, while live, and not for others', () => {
    expect(joinAvailability(entry(), START - JOIN_EARLY_MS - 1)).toBe('soon');
    expect(joinAvailability(entry(), START - JOIN_EARLY_MS)).toBe('open');
    expect(joinAvailability(entry({ status: 'live' }), START + 3 * 3600_000)).toBe('open');
    expect(joinAvailability(entry(), START + 46 * 60_000)).toBe('closed');
    expect(joinAvailability(entry({ status: 'cancelled' }), START)).toBe('closed');
    expect(joinAvailability(entry({}, false), START)).toBe('not-allowed');
  });

  it('shows dates and times in the school\'s time zone and groups by its days', () => {
    expect(schoolDate(START)).toBe('2026-11-23');
    expect(schoolTime(START)).toBe('07:30');
    const late = entry({ id: 'les_2', scheduledStart: Date.UTC(2026, 10, 23, 17, 30) }); // 00:30 on the 24th
    expect(byDay([late, entry()]).map((d) => [d.day, d.entries.map((e) => e.lesson.id)])).toEqual([
      ['2026-11-23', ['les_1']],
      ['2026-11-24', ['les_2']],
    ]);
  });
});

describe('scheduling', () => {
  beforeEach(() => {
    assignments.value = [{ classId: 'c1', className: '8A', subjectId: 's1', subjectName: 'Toán' }];
  });
  const form = { assignment: 'c1|s1', date: '2026-11-23', start: '07:30', end: '08:15', title: '', password: '' };
  it('explains a mistake before the server sees it', () => {
    expect(checkSchedule(form, START - 86_400_000)).toBeNull();
    expect(checkSchedule({ ...form, assignment: 'x|y' }, START)).toContain('lớp và môn');
    expect(checkSchedule({ ...form, end: '07:30' }, START)).toContain('sau giờ bắt đầu');
    expect(checkSchedule({ ...form, date: '2026-11-22' }, START)).toContain('quá khứ');
    expect(checkSchedule({ ...form, password: 'abc' }, START - 86_400_000)).toContain('4 đến 64');
  });
});

describe('roster passwords CSV', () => {
  it('has a BOM for Excel, CRLF lines, quotes where needed and no formula', () => {
    const csv = createdAccountsCsv([
      { userId: 'u1', code: '079200000001', username: null, displayName: 'Nguyễn Văn An', initialPassword: 'abc23def45' },
      { userId: 'u2', code: null, username: 'admin', displayName: 'Trần "Bé", Bình', initialPassword: '=cmd' },
    ]);
    expect(csv.startsWith('\uFEFFMã định danh,Họ và tên,Tên đăng nhập,Mật khẩu ban đầu\r\n')).toBe(true);
    expect(csv).toContain('079200000001,Nguyễn Văn An,079200000001,abc23def45\r\n');
    expect(csv).toContain(`,"Trần ""Bé"", Bình",admin,'=cmd\r\n`);
  });
});

describe('navigation', () => {
  it('only follows `next` to a path of this app', () => {
    expect(safeLocalPath('/lesson/les_1')).toBe('/lesson/les_1');
    expect(safeLocalPath('//evil.example/x')).toBeNull();
    expect(safeLocalPath('https://evil.example')).toBeNull();
    expect(safeLocalPath('/\\evil.example')).toBeNull();
    expect(loginPathFor('/teach?x=1')).toBe('/login?next=%2Fteach%3Fx%3D1');
    expect(loginPathFor('/')).toBe('/login');
  });
});

describe('reactions', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  it('shows a reaction for a few seconds, and does not let one client flood the class', () => {
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    receiveReaction('p1', 'clap', 0);
    expect(reactions.value.map((r) => r.kind)).toEqual(['clap']);
    vi.advanceTimersByTime(REACTION_SHOW_MS);
    expect(reactions.value).toEqual([]);
    expect(sendReaction('heart', 10_000)).toBe(true);
    expect(sendReaction('heart', 10_100)).toBe(false);
  });
});
