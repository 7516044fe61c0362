import { computed, signal } from '@preact/signals';
import type { NetworkSample } from '../media/index.js';
import type { LessonPart } from './LessonPartTypes.js';

/**
 * The data saver of a student on a weak network or a small data plan: "show only the teacher"
 * (classmates' cameras are not received at all: their layer preference is OFF, so the SFU pauses
 * those consumers) and the data the lesson used per minute, measured from the connections' own
 * byte counters. Audio-only mode (remoteMedia.ts) is the stronger saver and combines with this.
 */

/** localStorage key: the choice is kept for the next lesson, like audio-only. */
export const TEACHER_ONLY_STORAGE_KEY = 'classroom.teacherOnly';
/** The rate is averaged over this window: long enough to smooth key frames, short enough to follow a change. */
export const USAGE_WINDOW_MS = 60_000;

function stored(): boolean {
  try {
    return globalThis.localStorage?.getItem(TEACHER_ONLY_STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

export const teacherOnly = signal(stored());

export function setTeacherOnly(on: boolean): void {
  teacherOnly.value = on;
  try {
    globalThis.localStorage?.setItem(TEACHER_ONLY_STORAGE_KEY, on ? '1' : '0');
  } catch {
    // not remembered
  }
}

interface UsagePoint {
  atMs: number;
  bytes: number;
}

/** Samples of the window; `bytes` is cumulative since the lesson's first connection. */
const points = signal<readonly UsagePoint[]>([]);
/** Bytes of connections that were replaced (an ICE restart or a media reset starts counters at 0). */
let carried = 0;
let lastRaw = 0;

/** How the media reaches the SFU now ("host/udp", "relay/tcp"...), for support and the weak-network tests. */
export const mediaRoute = signal('');

/** Takes one network sample (every few seconds) into the usage window. */
export function recordUsage(sample: Pick<NetworkSample, 'bytesTotal'> & Partial<Pick<NetworkSample, 'route'>>, nowMs: number): void {
  if (sample.route) mediaRoute.value = sample.route;
  // New connections count from 0 again: what the old ones moved is still data used.
  if (sample.bytesTotal < lastRaw) carried += lastRaw;
  lastRaw = sample.bytesTotal;
  const next = [...points.value, { atMs: nowMs, bytes: carried + sample.bytesTotal }];
  while (next.length > 2 && (next[1]?.atMs ?? nowMs) <= nowMs - USAGE_WINDOW_MS) next.shift();
  points.value = next;
}

/** Bytes per minute over the window; null until two samples at least 2 s apart. */
export const bytesPerMinute = computed<number | null>(() => {
  const list = points.value;
  const first = list[0];
  const last = list[list.length - 1];
  if (!first || !last || last.atMs - first.atMs < 2000) return null;
  return Math.max(0, ((last.bytes - first.bytes) / (last.atMs - first.atMs)) * 60_000);
});

/** "850 KB", "1,2 MB" (decimal units, as phone data plans count). */
export function formatBytes(bytes: number, locale: string): string {
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  return `${(bytes / 1_000_000).toLocaleString(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 })} MB`;
}

export function resetDataUsage(): void {
  points.value = [];
  mediaRoute.value = '';
  carried = 0;
  lastRaw = 0;
}

/** The usage is per lesson; the teacher-only choice is the student's and outlives it. */
export const dataSaverPart: LessonPart = { name: 'dataSaver', reset: resetDataUsage };
