import { describe, expect, it } from 'vitest';
import { contentDisposition, parseRange } from './download.js';

describe('parseRange', () => {
  it.each([
    ['bytes=0-99', 1000, { kind: 'partial', offset: 0, length: 100 }],
    ['bytes=500-', 1000, { kind: 'partial', offset: 500, length: 500 }],
    ['bytes=-200', 1000, { kind: 'partial', offset: 800, length: 200 }],
    ['bytes=-5000', 1000, { kind: 'partial', offset: 0, length: 1000 }],
    ['bytes=900-5000', 1000, { kind: 'partial', offset: 900, length: 100 }],
    ['bytes=999-999', 1000, { kind: 'partial', offset: 999, length: 1 }],
    ['bytes=1000-', 1000, { kind: 'unsatisfiable' }],
    ['bytes=-0', 1000, { kind: 'unsatisfiable' }],
    ['bytes=0-', 0, { kind: 'unsatisfiable' }],
    ['bytes=5-1', 1000, { kind: 'whole' }],
    ['bytes=0-1,5-6', 1000, { kind: 'whole' }],
    ['items=0-1', 1000, { kind: 'whole' }],
    ['bytes=-', 1000, { kind: 'whole' }],
    ['garbage', 1000, { kind: 'whole' }],
  ] as const)('%s of %i bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name (RFC 5987)', () => {
    expect(contentDisposition('attachment', 'Bài làm Đặng Thị Ánh.pdf')).toBe(
      `attachment; filename="Bai lam Dang Thi Anh.pdf"; filename*=UTF-8''B%C3%A0i%20l%C3%A0m%20%C4%90%E1%BA%B7ng%20Th%E1%BB%8B%20%C3%81nh.pdf`,
    );
  });

  it('keeps quotes, backslashes and line breaks out of the header', () => {
    const h = contentDisposition('inline', 'a"b\\c\r\nSet-Cookie: x=1.jpg');
    expect(h).not.toMatch(/[\r\n]/);
    expect(h.startsWith('inline; filename="a_b_c__Set-Cookie: x=1.jpg"; filename*=UTF-8\'\'a_b_c__Set-Cookie%3A%20x%3D1.jpg')).toBe(true);
  });

  it('names an empty name', () => {
    expect(contentDisposition('attachment', '  ')).toBe(`attachment; filename="tep"; filename*=UTF-8''tep`);
  });
});
