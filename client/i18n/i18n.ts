import { signal } from '@preact/signals';
import { en } from './en.js';
import { vi, type MessageKey } from './vi.js';

export type Lang = 'vi' | 'en';
export type { MessageKey } from './vi.js';

export const LANGS: readonly Lang[] = ['vi', 'en'];
export const DICTIONARIES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { vi, en };

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

export function setLang(next: Lang): void {
  lang.value = next;
  try {
    globalThis.localStorage?.setItem(LANG_STORAGE_KEY, next);
  } catch {
    // the choice lasts for this page only
  }
  if (typeof document !== 'undefined') document.documentElement.lang = next;
}

/** Re-reads the stored choice (tests, and a second tab that changed it). */
export function reloadLang(): void {
  lang.value = storedLang();
}

export type Params = Readonly<Record<string, string | number>>;

/** The message for `key` in the current language, with {placeholders} filled in. */
export function t(key: MessageKey, params?: Params): string {
  return format(DICTIONARIES[lang.value][key] ?? vi[key], params);
}

export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** "14:05" in the current language's convention. */
export function formatClock(ms: number): string {
  return new Intl.DateTimeFormat(lang.value === 'vi' ? 'vi-VN' : 'en-GB', { hour: '2-digit', minute: '2-digit' }).format(ms);
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
