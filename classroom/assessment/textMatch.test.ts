import { describe, expect, it } from 'vitest';
import { answerKey, matchAccepted } from './textMatch.js';

describe('short text comparison', () => {
  it('ignores spaces, case and a final full stop', () => {
    expect(matchAccepted('  hà   NỘI. ', ['Hà Nội'])).toBe('Hà Nội');
  });

  it('treats the old and new tone placement alike (hoà / hòa, thuý / thúy, oẻ / ỏe)', () => {
    expect(matchAccepted('hoà bình', ['hòa bình'])).toBe('hòa bình');
    expect(matchAccepted('Thuý Kiều', ['Thúy Kiều'])).toBe('Thúy Kiều');
    expect(answerKey('khoẻ')).toBe(answerKey('khỏe'));
  });

  it('treats composed and decomposed Unicode alike', () => {
    expect(matchAccepted('Hà Nội'.normalize('NFD'), ['Hà Nội'.normalize('NFC')])).toBe('Hà Nội');
  });

  it('keeps the marks that change the word, unless told to ignore them', () => {
    expect(matchAccepted('ma', ['mà'])).toBeNull();
    expect(matchAccepted('Ha Noi', ['Hà Nội'])).toBeNull();
    expect(matchAccepted('Ha Noi', ['Hà Nội'], { ignoreDiacritics: true })).toBe('Hà Nội');
    expect(matchAccepted('duong', ['đường'], { ignoreDiacritics: true })).toBe('đường');
  });

  it('keeps vowel marks apart from tones (ư ≠ u, â ≠ a)', () => {
    expect(matchAccepted('tu', ['tư'])).toBeNull();
    expect(matchAccepted('can', ['cân'])).toBeNull();
  });

  it('is case-sensitive when asked', () => {
    expect(matchAccepted('NaCl', ['NaCl'], { caseSensitive: true })).toBe('NaCl');
    expect(matchAccepted('nacl', ['NaCl'], { caseSensitive: true })).toBeNull();
  });

  it('matches nothing for a blank answer, even against a blank key', () => {
    expect(matchAccepted('   ', ['', ' '])).toBeNull();
  });

  it('treats full-width letters like their ASCII forms', () => {
    expect(matchAccepted('ＣＯ２', ['CO2'])).toBe('CO2');
  });
});
