import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/index.js';
import { MAX_FILE_NAME_CHARS, extensionOf, sanitizeFileName } from './fileNames.js';

const reason = (name: string) => {
  try {
    sanitizeFileName(name);
    return 'accepted';
  } catch (err) {
    return (err as AppError).details?.reason;
  }
};

describe('sanitizeFileName', () => {
  it('keeps an ordinary Vietnamese name, in NFC', () => {
    const decomposed = 'Bài làm.jpg'.normalize('NFD');
    expect(sanitizeFileName(decomposed)).toBe('Bài làm.jpg'.normalize('NFC'));
    expect(sanitizeFileName('  Ảnh   trang 1 .jpg ')).toBe('Ảnh trang 1 .jpg');
  });

  it('refuses path separators, control characters and empty names', () => {
    for (const name of ['../../etc/passwd', '..\\..\\boot.ini', 'a/b.jpg', 'C:\\x.jpg', 'a\u0000.jpg', 'a\nb.jpg', 'evil\u202egpj.exe', '', ' . ', '..']) {
      expect(reason(name), name).toBe('file_name');
    }
  });

  it('replaces characters Windows cannot save', () => {
    expect(sanitizeFileName('bài: "câu 1" <a>|?*.pdf')).toBe('bài_ _câu 1_ _a____.pdf');
  });

  it('shortens a long name and keeps its extension', () => {
    const long = `${'Phương trình bậc hai '.repeat(20)}.docx`;
    const out = sanitizeFileName(long);
    expect([...out].length).toBeLessThanOrEqual(MAX_FILE_NAME_CHARS);
    expect(out.endsWith('.docx')).toBe(true);
  });
});

describe('extensionOf', () => {
  it('is lower case, without the dot, empty for none or a dotfile', () => {
    expect(extensionOf('A.JPG')).toBe('jpg');
    expect(extensionOf('noext')).toBe('');
    expect(extensionOf('.bashrc')).toBe('');
  });
});
