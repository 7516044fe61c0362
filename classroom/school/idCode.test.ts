import { describe, expect, it } from 'vitest';
import { checkIdCode, looksLikeIdCode } from './idCode.js';

describe('checkIdCode (ma dinh danh)', () => {
  it.each([
    ['079206001234', '079206001234'],
    ['0790001234', '0790001234'],
    ['  07920600123 ', '07920600123'],
    ['０７９２０６００１２３４', '079206001234'],
  ])('accepts %j as %j (10-12 digits, leading zeros kept)', (raw, value) => {
    expect(checkIdCode(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['7.92061E+11', 'SPREADSHEET_NUMBER'],
    ['79206001234.0', 'SPREADSHEET_NUMBER'],
    ['0792 0600 1234', 'NOT_DIGITS'],
    ['HS-0792060012', 'NOT_DIGITS'],
    ['123456789', 'WRONG_LENGTH'],
    ['1234567890123', 'WRONG_LENGTH'],
  ])('refuses %j (%s)', (raw, reason) => {
    expect(checkIdCode(raw)).toEqual({ ok: false, reason });
  });

  it('tells a code from a username', () => {
    expect(looksLikeIdCode(' 079206001234 ')).toBe(true);
    expect(looksLikeIdCode('quantri')).toBe(false);
  });
});
