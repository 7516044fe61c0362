import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../platform/index.js';
import { cleanGuestName, DISPLAY_NAME_MAX } from './displayName.js';

const refused = (raw: string) => {
  try {
    cleanGuestName(raw);
    return undefined;
  } catch (err) {
    return err;
  }
};

describe('guest display names (issue 13.5)', () => {
  it('are NFC, trimmed, with inner whitespace (newlines, tabs, odd spaces) made one space', () => {
    expect(cleanGuestName('  Tra\u0302\u0300n  Thị\n\tBích\u3000 ')).toBe('Trần Thị Bích');
    expect(cleanGuestName('Nguyễn\u2028Văn\u00a0An')).toBe('Nguyễn Văn An');
  });

  it('lose control, bidi-override and zero-width characters', () => {
    expect(cleanGuestName('\u202Eabc\u202C')).toBe('abc');
    expect(cleanGuestName('An\uFEFFBình')).toBe('AnBình');
    expect(cleanGuestName('An\u0000\u0007\u007f\u0085')).toBe('An');
    expect(cleanGuestName('B\u200Bì\u200Cn\u200Dh\u2060\uFEFF\u2066\u2069\u200E\u200F\u061C\u00AD')).toBe('Bình');
  });

  it('keep at most two combining marks in a row (no "zalgo" text over the neighbours)', () => {
    expect(cleanGuestName('Ha\u0301\u0323\u0302\u0303\u0304x').normalize('NFD')).toBe('Ha\u0323\u0301x');
  });

  it('are refused, with a clear reason, when nothing visible is left', () => {
    for (const raw of ['', '   ', '\u200B\u200B\u200B', '\u202E\u202C', '\u0000\n', '\u3164\u3164', '\u2800', '...', '\u0301\u0301']) {
      const err = refused(raw);
      expect(err, JSON.stringify(raw)).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).details).toEqual({ reason: 'display_name_invalid' });
    }
  });

  it(`are refused when longer than ${DISPLAY_NAME_MAX} characters (counted after cleaning, in code points)`, () => {
    expect(cleanGuestName('ệ'.repeat(DISPLAY_NAME_MAX))).toHaveLength(DISPLAY_NAME_MAX);
    expect(cleanGuestName(`${'\u200B'.repeat(30)}${'a'.repeat(DISPLAY_NAME_MAX)}`)).toHaveLength(DISPLAY_NAME_MAX);
    expect(refused('a'.repeat(DISPLAY_NAME_MAX + 1))).toBeInstanceOf(ValidationError);
  });
});
