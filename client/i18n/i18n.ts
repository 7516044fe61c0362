import { signal } from '@preact/signals';
import { vi, type MessageKey } from './vi.js';

export type Lang = 'vi' | 'en';
export type { MessageKey } from './vi.js';
type Dictionary = Readonly<Record<MessageKey, string>>;

export const LANGS: readonly Lang[] = ['vi', 'en'];

/**
 * Vietnamese, the default, is in the first download; English (~6 kB gzip with its parts) is a
 * chunk of its own, fetched when chosen or remembered (issue 10: every kB before "Vào lớp" is
 * 20 ms on a 400 kbit/s link). Until it arrives t() answers in Vietnamese; then every component
 * that called t() renders again (the signal below).
 */
const english = signal<Dictionary | null>(null);
let englishLoad: Promise<void> | null = null;

function loadEnglish(): Promise<void> {
  englishLoad ??= import('./en.js').then(
    (m) => {
      english.value = m.en;
    },
    (error: unknown) => {
      englishLoad = null; // tried again on the next choice
      throw error;
    },
  );
  return englishLoad;
}

/** Resolves when the current language's messages are here (main.tsx renders after it, so an English page does not flash Vietnamese). */
export function languageReady(): Promise<void> {
  return lang.peek() === 'en' ? loadEnglish().catch(() => undefined) : Promise.resolve();
}

/** localStorage key of the user's choice. */
export const LANG_STORAGE_KEY = 'classroom.lang';

function storedLang(): Lang {
  try {
    const value = globalThis.localStorage?.getItem(LANG_STORAGE_KEY);
    return value === 'en' || value === 'vi' ? value : 'vi';
  } catch {
    return 'vi'; // storage blocked: Vietnamese, the school's language
  }
}

/** The current language. Components that call t() re-render when it changes. */
export const lang = signal<Lang>(storedLang());

/** Chooses the language; the returned promise resolves once its messages are here. */
export function setLang(next: Lang): Promise<void> {
  const ready = next === 'en' ? loadEnglish().catch(() => undefined) : Promise.resolve();
  lang.value = next;
  try {
    globalThis.localStorage?.setItem(LANG_STORAGE_KEY, next);
  } catch {
    // the choice lasts for this page only
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
  return ready;
}

/** Re-reads the stored choice (tests, and a second tab that changed it). */
export function reloadLang(): void {
  lang.value = storedLang();
  if (lang.peek() === 'en') void loadEnglish().catch(() => undefined);
}

/** The messages of a language, loading English first if needed (tests, tools). */
export async function dictionary(of: Lang): Promise<Dictionary> {
  if (of === 'vi') return vi;
  await loadEnglish();
  return english.peek() as Dictionary;
}

export type Params = Readonly<Record<string, string | number>>;

/**
 * The school's time zone: times shown are Vietnam's (UTC+7) whatever the device's setting, so
 * that a chat time, a lobby time and the timetable always agree with what the teacher typed.
 */
export const SCHOOL_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** The message for `key` in the current language, with {placeholders} filled in. */
export function t(key: MessageKey, params?: Params): string {
  const messages = lang.value === 'en' ? english.value : vi;
  return format(messages?.[key] ?? vi[key], params);
}

/**
 * The messages of a page that is loaded on first use (the teacher's and the administrator's
 * pages): its own dictionary in both languages, in its own chunk, with typed keys like t().
 */
export function scoped<K extends string>(dictionaries: Readonly<Record<Lang, Readonly<Record<K, string>>>>): (key: K, params?: Params) => string {
  return (key, params) => format(dictionaries[lang.value][key] ?? dictionaries.vi[key], params);
}

export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** "14:05" in the current language's convention, in the school's time zone (like the timetable). */
export function formatClock(ms: number): string {
  return new Intl.DateTimeFormat(lang.value === 'vi' ? 'vi-VN' : 'en-GB', { hour: '2-digit', minute: '2-digit', timeZone: SCHOOL_TIME_ZONE }).format(ms);
}

/** "5:07" or "1:02:09" for an elapsed duration. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** "Thứ Hai, 23/11/2026" (or "Monday, 23/11/2026") in the school's time zone. */
export function formatDay(ms: number): string {
  return new Intl.DateTimeFormat(lang.value === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: SCHOOL_TIME_ZONE,
    weekday: 'long',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(ms);
}

/** "14:05:09 22/11/2026" (vi; "22/11/2026, 14:05:09" in en) in the school's time zone: the moment of a log entry. */
export function formatDateTime(ms: number): string {
  return new Intl.DateTimeFormat(lang.value === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: SCHOOL_TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(ms);
}
