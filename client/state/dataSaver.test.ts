import { afterEach, describe, expect, it } from 'vitest';
import { bytesPerMinute, formatBytes, recordUsage, resetDataUsage, setTeacherOnly, TEACHER_ONLY_STORAGE_KEY, teacherOnly } from './dataSaver.js';

afterEach(() => resetDataUsage());

describe('data used per minute', () => {
  it('is unknown until two samples, then the bytes of the window scaled to a minute', () => {
    recordUsage({ bytesTotal: 0 }, 0);
    expect(bytesPerMinute.value).toBeNull();
    recordUsage({ bytesTotal: 500_000 }, 5000);
    recordUsage({ bytesTotal: 1_000_000 }, 10_000);
    expect(bytesPerMinute.value).toBe(6_000_000);
  });

  it('keeps counting across new connections (their counters start again at 0)', () => {
    recordUsage({ bytesTotal: 0 }, 0);
    recordUsage({ bytesTotal: 300_000 }, 10_000);
    // An ICE restart or a media reset: the new connections report from 0.
    recordUsage({ bytesTotal: 100_000 }, 20_000);
    expect(bytesPerMinute.value).toBe(1_200_000);
  });

  it('follows a change within the window: old samples drop out', () => {
    recordUsage({ bytesTotal: 0 }, 0);
    recordUsage({ bytesTotal: 6_000_000 }, 60_000); // 6 MB/min while watching video
    for (let s = 65; s <= 130; s += 5) recordUsage({ bytesTotal: 6_000_000 + (s - 60) * 1000 }, s * 1000); // then audio only, 60 KB/min
    expect(bytesPerMinute.value).toBeCloseTo(60_000, -3);
  });

  it("formats like a data plan counts (decimal units, the language's decimal comma)", () => {
    expect(formatBytes(850_000, 'vi')).toBe('850 KB');
    expect(formatBytes(1_240_000, 'vi')).toBe('1,2 MB');
    expect(formatBytes(1_240_000, 'en')).toBe('1.2 MB');
  });
});

describe("'show only the teacher'", () => {
  it('is remembered for the next lesson', () => {
    setTeacherOnly(true);
    expect(teacherOnly.value).toBe(true);
    expect(localStorage.getItem(TEACHER_ONLY_STORAGE_KEY)).toBe('1');
    setTeacherOnly(false);
    expect(localStorage.getItem(TEACHER_ONLY_STORAGE_KEY)).toBe('0');
  });
});
