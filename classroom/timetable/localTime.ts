/**
 * Wall-clock times of the school. Vietnam keeps UTC+7 all year (no daylight saving), so a fixed
 * offset is exact and needs no time-zone database.
 */
import { ValidationError } from '../../platform/index.js';

export const VIETNAM_UTC_OFFSET_MINUTES = 420;

/** "2026-09-08" + "07:30" at UTC+offset -> epoch ms. Throws ValidationError for an impossible date or time. */
export function localToEpochMs(date: string, time: string, offsetMinutes: number): number {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typeof date === 'string' ? date : '');
  const t = /^(\d{2}):(\d{2})$/.exec(typeof time === 'string' ? time : '');
  if (!d) throw new ValidationError('A date is written YYYY-MM-DD');
  if (!t) throw new ValidationError('A time is written HH:MM (24 h)');
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [number, number, number, number, number];
  if (hour > 23 || minute > 59) throw new ValidationError(`${time} is not a time of day`);
  const utc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) throw new ValidationError(`${date} is not a date`);
  return utc - offsetMinutes * 60_000;
}

/** Epoch ms -> "2026-09-08 07:30:05" at UTC+offset (spreadsheets read it as a date and time). */
export function formatLocal(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** The start of the local minute containing `ms`. */
export function startOfMinute(ms: number): number {
  return ms - (((ms % 60_000) + 60_000) % 60_000);
}
