import { describe, expect, it } from 'vitest';
import { checkPersonName, compareVietnameseNames, nameKey } from './names.js';

describe('person names', () => {
  it('stores decomposed (NFD) input in NFC, with spaces tidied', () => {
    const nfd = '  Nguyễn   Thị  Ánh '.normalize('NFD');
    const checked = checkPersonName(nfd);
    expect(checked).toEqual({ ok: true, value: 'Nguyễn Thị Ánh' });
    expect(checked.ok && checked.value === checked.value.normalize('NFC')).toBe(true);
  });

  it('accepts apostrophes, hyphens and dots found in real names', () => {
    expect(checkPersonName("H'Hen Niê").ok).toBe(true);
    expect(checkPersonName('Marie-Claire Đ.').ok).toBe(true);
  });

  it.each([
    ['', 'EMPTY'],
    ['   ', 'EMPTY'],
    ['=HYPERLINK("x")', 'INVALID_CHARACTERS'],
    ['Nguyen Van 2', 'INVALID_CHARACTERS'],
    ['A'.repeat(101), 'TOO_LONG'],
  ])('refuses %j (%s)', (raw, reason) => {
    expect(checkPersonName(raw)).toEqual({ ok: false, reason });
  });

  it('nameKey matches across case, spacing and Unicode form', () => {
    expect(nameKey(' 10a1 ')).toBe(nameKey('10A1'));
    expect(nameKey('Vật Lý'.normalize('NFD'))).toBe(nameKey('vật lý'));
  });

  it('sorts like a Vietnamese class list: by given name, then by full name', () => {
    const names = ['Trần Văn Bình', 'Lê Thị An', 'Đặng Văn Ánh', 'Nguyễn Văn An'];
    expect([...names].sort(compareVietnameseNames)).toEqual(['Lê Thị An', 'Nguyễn Văn An', 'Đặng Văn Ánh', 'Trần Văn Bình']);
  });
});
