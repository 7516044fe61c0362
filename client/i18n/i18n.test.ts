import { afterEach, describe, expect, it } from 'vitest';
import { en } from './en.js';
import { dictionary, format, formatDuration, lang, languageReady, LANG_STORAGE_KEY, reloadLang, setLang, t } from './i18n.js';
import { vi } from './vi.js';
import { enAdmin } from './enAdmin.js';
import { enTeach } from './enTeach.js';
import { enBank } from './enBank.js';
import { viBank } from './viBank.js';
import { enExam } from './enExam.js';
import { viExam } from './viExam.js';
import { viAdmin } from './viAdmin.js';
import { viTeach } from './viTeach.js';
import { tAdmin } from './admin.js';
import { enStats } from './enStats.js';
import { viStats } from './viStats.js';
import { enParents } from './enParents.js';
import { viParents } from './viParents.js';
import { enArchive } from './enArchive.js';
import { viArchive } from './viArchive.js';
import { enQa } from './enQa.js';
import { viQa } from './viQa.js';
import { enPlayback } from './enPlayback.js';
import { viPlayback } from './viPlayback.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

afterEach(() => {
  localStorage.clear();
  reloadLang();
});

describe('i18n', () => {
  it('every key exists in both languages, non-empty, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const [key, text] of Object.entries(vi)) {
      const other = en[key as keyof typeof vi];
      expect(text.trim(), key).not.toBe('');
      expect(other.trim(), key).not.toBe('');
      expect(placeholders(other), key).toEqual(placeholders(text));
    }
  });

  it('the dictionaries of the lazily loaded pages are complete in both languages too', () => {
    for (const [viDict, enDict] of [
      [viAdmin, enAdmin],
      [viTeach, enTeach],
      [viBank, enBank],
      [viExam, enExam],
      [viStats, enStats],
      [viParents, enParents],
      [viArchive, enArchive],
      [viQa, enQa],
      [viPlayback, enPlayback],
    ] as const) {
      expect(Object.keys(enDict).sort()).toEqual(Object.keys(viDict).sort());
      for (const [key, text] of Object.entries(viDict)) {
        const other = (enDict as Record<string, string>)[key] ?? '';
        expect(other.trim(), key).not.toBe('');
        expect(placeholders(other), key).toEqual(placeholders(text));
      }
    }
    expect(tAdmin('roster.issue.NO_ROWS')).toBe('Tệp không có dòng dữ liệu nào.');
    setLang('en');
    expect(tAdmin('roster.issue.NO_ROWS')).toBe('The file has no data rows.');
  });

  it('has a message for every HTTP API error code in both languages', async () => {
    const codes = ['BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'TOO_LARGE', 'RATE_LIMITED', 'LESSON_ENDED', 'LESSON_LOCKED', 'UNAVAILABLE', 'INTERNAL', 'NETWORK', 'BAD_RESPONSE'];
    for (const lang of ['vi', 'en'] as const) {
      const messages = await dictionary(lang);
      for (const code of codes) expect(Object.keys(messages)).toContain(`http.error.${code}`);
    }
  });

  it('has a message for every server error code in both languages', async () => {
    const codes = ['BAD_REQUEST', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'TOO_LARGE', 'RATE_LIMITED', 'UNSUPPORTED_VERSION', 'NOT_JOINED', 'LESSON_ENDED', 'LESSON_LOCKED', 'MEDIA', 'UNAVAILABLE', 'INTERNAL'];
    for (const lang of ['vi', 'en'] as const) {
      const messages = await dictionary(lang);
      for (const code of codes) expect(Object.keys(messages)).toContain(`error.${code}`);
    }
  });

  it('speaks Vietnamese by default', () => {
    expect(lang.value).toBe('vi');
    expect(t('join.button')).toBe('Vào lớp');
    expect(t('controls.leave')).toBe('Rời lớp');
  });

  it('switches language, fills placeholders and remembers the choice', async () => {
    await setLang('en');
    expect(t('lesson.page', { page: 2, pages: 5 })).toBe('Page 2/5');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    lang.value = 'vi';
    reloadLang();
    expect(lang.value).toBe('en');
    await languageReady();
    expect(t('join.button')).toBe('Join the lesson');
  });

  it('leaves unknown placeholders visible rather than dropping text', () => {
    expect(format('{a} và {b}', { a: 1 })).toBe('1 và {b}');
  });

  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });
});
