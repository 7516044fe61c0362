import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MathFraction, MathRadical, MathRun, MathSuperScript, WordMath, docxOf, image, numbered, optionsLine, p, png, run } from '../../../../testkit/docx.js';
import type { ImportIssue, ParsedFile } from '../ImportTypes.js';
import { readLayout } from './layout.js';
import { readDocx } from './readDocx.js';

const LIMITS = { maxUnzippedBytes: 5 * 1024 * 1024 };

function read(bytes: Uint8Array, maxImageBytes = 1024 * 1024): ParsedFile {
  const content = readDocx(bytes, LIMITS);
  if (!('paragraphs' in content)) throw new Error(`not read: ${content.code}`);
  return readLayout(content, maxImageBytes);
}

const codes = (issues: readonly ImportIssue[]) => issues.map((i) => `${i.severity}:${i.code}`);

describe('Word import: the layout Vietnamese teachers use', () => {
  it('reads parts, "Câu n.", options on one line or one per paragraph, equations, pictures, answers marked or written', async () => {
    const file = read(
      await docxOf([
        p(run('SỞ GIÁO DỤC VÀ ĐÀO TẠO', { bold: true })),
        p(run('PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn', { bold: true })),
        p(run('Câu 1.', { bold: true }), ' Nghiệm của ', new WordMath({ children: [new MathRun('2x=4')] }), ' là', image()),
        optionsLine(['1', '2', '3', '4'], 1, 'underline'),
        p(run('Câu 2 (TH):', { bold: true }), ' Giá trị của ', new WordMath({ children: [new MathFraction({ numerator: [new MathRun('1')], denominator: [new MathSuperScript({ children: [new MathRun('x')], superScript: [new MathRun('2')] })] })] })),
        p('A. một'),
        p('B. ', run('hai', { color: 'C00000' })),
        p('C. ba'),
        p('D. bốn'),
        p('Lời giải: vì ', new WordMath({ children: [new MathRadical({ children: [new MathRun('4')] })] }), ' = 2'),
        p('PHẦN II. Câu trắc nghiệm đúng sai'),
        p('Câu 1. Cho hàm số y = x² − 2x.'),
        p(run('a)', { underline: true }), ' Đồ thị qua gốc tọa độ.'),
        p('b) Hàm số đồng biến trên ℝ.'),
        p(run('c)', { underline: true }), ' Đỉnh là (1; −1).'),
        p('d) y(3) = 6.'),
        p('PHẦN III. Câu trắc nghiệm trả lời ngắn'),
        p('Câu 1. Tính π làm tròn đến hàng phần trăm.'),
        p('Đáp án: 3,14'),
        p('Câu 2. Thủ đô của Việt Nam?'),
        p('Đáp án: Hà Nội; Thành phố Hà Nội'),
        p('PHẦN IV. TỰ LUẬN'),
        p('Câu 1. Giải phương trình x² = 4.'),
        p('Hướng dẫn: x = ±2, mỗi nghiệm 0,5 điểm.'),
      ]),
    );
    expect(file.items.map((i) => [i.label, i.section?.slice(0, 8), i.draft?.body.kind, codes(i.issues)])).toEqual([
      ['Câu 1', 'PHẦN I. ', 'single_choice', []],
      ['Câu 2', 'PHẦN I. ', 'single_choice', []],
      ['Câu 1', 'PHẦN II.', 'true_false', []],
      ['Câu 1', 'PHẦN III', 'numeric', []],
      ['Câu 2', 'PHẦN III', 'short_text', []],
      ['Câu 1', 'PHẦN IV.', 'essay', []],
    ]);
    const [q1, q2, tf, num, text, essay] = file.items.map((i) => i.draft!);
    expect(q1).toEqual({
      body: { kind: 'single_choice', stem: 'Nghiệm của $2x=4$ là[img:docximg_0001]', options: ['1', '2', '3', '4'].map((t, i) => ({ id: 'ABCD'[i]!, text: t })), fixedOrder: false },
      key: { kind: 'single_choice', correct: 'B', explanation: '' },
    });
    expect(file.items[0]!.images.map((i) => i.contentType)).toEqual(['image/png']);
    expect(q2?.body.stem).toBe('Giá trị của $\\frac{1}{{x}^{2}}$');
    expect(q2?.key).toEqual({ kind: 'single_choice', correct: 'B', explanation: 'vì $\\sqrt{4}$ = 2' });
    expect(file.items[1]!.level).toBe('understand');
    expect(tf?.key).toEqual({ kind: 'true_false', truths: { a: true, b: false, c: true, d: false }, explanation: '' });
    expect(num?.key).toMatchObject({ answers: [{ value: 3.14, tolerance: 0 }] });
    expect(text?.key).toMatchObject({ accepted: ['Hà Nội', 'Thành phố Hà Nội'] });
    expect(essay?.key).toMatchObject({ kind: 'essay', guidance: 'x = ±2, mỗi nghiệm 0,5 điểm.' });
  });

  it.each(['underline', 'red', 'bold', 'highlight'] as const)('finds the right option marked by %s, and drops the mark from its text', async (mark) => {
    const file = read(await docxOf([p('Câu 1. Chọn số lớn nhất.'), optionsLine(['1', '9', '3', '4'], 1, mark)]));
    expect(file.items[0]!.draft?.key).toMatchObject({ correct: 'B' });
    expect(JSON.stringify(file.items[0]!.draft?.body)).not.toMatch(/\[b\]|\[u\]/);
  });

  it('ignores a formatting every option has (bold letters) and uses the one that differs', async () => {
    const file = read(await docxOf([p('Câu 1. x?'), p(run('A.', { bold: true }), ' 1'), p(run('B.', { bold: true }), ' 2'), p(run('C.', { bold: true }), run(' 3', { underline: true }))]));
    expect(file.items[0]!.draft?.key).toMatchObject({ correct: 'C' });
  });

  it('reads Word’s automatic numbering ("Câu %1." and "%1." lists)', async () => {
    const file = read(await docxOf([numbered('cau', 'Một cộng một?'), numbered('dapan', 'một'), numbered('dapan', run('hai', { underline: true })), numbered('cau', 'Hai cộng hai?'), numbered('dapan', '3'), numbered('dapan', '4'), p('Đáp án: B')]));
    expect(file.items.map((i) => [i.label, i.draft?.body.stem, i.draft?.key])).toEqual([
      ['Câu 1', 'Một cộng một?', { kind: 'single_choice', correct: 'B', explanation: '' }],
      ['Câu 2', 'Hai cộng hai?', { kind: 'single_choice', correct: 'B', explanation: '' }],
    ]);
  });

  it('reads an answer line: "Đáp án: C", "Chọn A", several letters (multiple choice), and warns when it disagrees with a mark', async () => {
    const file = read(
      await docxOf([
        p('Câu 1. a?'), optionsLine(['x', 'y', 'z'], -1, 'bold'), p('Đáp án: C.'),
        p('Câu 2. b?'), optionsLine(['x', 'y', 'z'], -1, 'bold'), p('Chọn A'),
        p('Câu 3. c?'), optionsLine(['x', 'y', 'z', 't'], -1, 'bold'), p('Đáp án: A, C'),
        p('Câu 4. d?'), optionsLine(['x', 'y', 'z'], 0, 'underline'), p('Đáp án: B'),
      ]),
    );
    expect(file.items.map((i) => [i.draft?.body.kind, i.draft?.key.kind === 'single_choice' || i.draft?.key.kind === 'multiple_choice' ? i.draft.key.correct : null, codes(i.issues)])).toEqual([
      ['single_choice', 'C', []],
      ['single_choice', 'A', []],
      ['multiple_choice', ['A', 'C'], []],
      ['single_choice', 'B', ['warning:ANSWER_MARKS_DISAGREE']],
    ]);
  });

  it('reads true/false answers written as "a) Đ b) S…", as "ĐSĐS", or after each statement', async () => {
    const statements = ['a) một.', 'b) hai.', 'c) ba.', 'd) bốn.'].map((s) => p(s));
    const file = read(
      await docxOf([
        p('Câu 1. Xét các mệnh đề.'), ...statements, p('Đáp án: a) Đúng, b) Sai, c) Đ, d) S'),
        p('Câu 2. Xét các mệnh đề.'), ...['a) một.', 'b) hai.', 'c) ba.', 'd) bốn.'].map((s) => p(s)), p('Đáp án: SSĐĐ'),
        p('Câu 3. Xét.'), p('a) một (Đ)'), p('b) hai (S)'),
      ]),
    );
    expect(file.items.map((i) => (i.draft?.key.kind === 'true_false' ? i.draft.key.truths : null))).toEqual([
      { a: true, b: false, c: true, d: false },
      { a: false, b: false, c: true, d: true },
      { a: true, b: false },
    ]);
    expect(file.items[2]!.draft?.body).toMatchObject({ statements: [{ id: 'a', text: 'một' }, { id: 'b', text: 'hai' }] });
  });

  it('reports each question it cannot understand, and goes on', async () => {
    const file = read(
      await docxOf([
        p('Câu 1. Không đánh dấu.'), optionsLine(['1', '2'], -1, 'bold'),
        p('Câu 2. Hai đáp án được đánh dấu.'), p(run('A. 1', { underline: true })), p(run('B. 2', { underline: true })), p('C. 3'),
        p('Câu 3. Đáp án lạ.'), optionsLine(['1', '2'], -1, 'bold'), p('Đáp án: E'),
        p('Câu 4. Một phương án.'), p('A. 1'), p('Đáp án: A'),
        p('Câu 5. Không có gì.'),
        p('Câu 6. Đúng sai không đánh dấu.'), p('a) x'), p('b) y'),
        p('Câu 7. Tốt.'), optionsLine(['1', '2'], 0, 'red'),
      ]),
    );
    expect(file.items.map((i) => codes(i.issues))).toEqual([
      ['error:NO_ANSWER'],
      ['error:ANSWER_AMBIGUOUS'],
      ['error:ANSWER_UNKNOWN_OPTION'],
      ['error:TOO_FEW_OPTIONS'],
      ['error:NO_ANSWER'],
      ['error:NO_ANSWER'],
      [],
    ]);
    expect(file.items.slice(0, 6).every((i) => i.draft === null)).toBe(true);
  });

  it('reads "(NB)", "(VDC)" and "[Vận dụng]" as the cognitive level', async () => {
    const q = (head: string) => [p(`${head} x?`), optionsLine(['1', '2'], 0, 'underline')];
    const file = read(await docxOf([...q('Câu 1 (NB).'), ...q('Câu 2 (VDC):'), ...q('Câu 3 [Vận dụng].'), ...q('Câu 4.')]));
    expect(file.items.map((i) => i.level)).toEqual(['recall', 'apply_high', 'apply', null]);
  });

  it('refuses a picture over the limit for its question only', async () => {
    const file = read(await docxOf([p('Câu 1. Hình:', image(png(2, 2, 4000))), optionsLine(['1', '2'], 0, 'underline'), p('Câu 2. x'), optionsLine(['1', '2'], 0, 'underline')]), 2000);
    expect(file.items.map((i) => codes(i.issues))).toEqual([['error:IMAGE_TOO_LARGE'], []]);
  });
});

/** A .docx zipped from handwritten XML: for what the docx package cannot write. */
function handwritten(body: string, extra: Record<string, Uint8Array> = {}, rels = ''): Uint8Array {
  const doc = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><w:body>${body}</w:body></w:document>`;
  const relsXml = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`;
  return zipSync({ 'word/document.xml': strToU8(doc), 'word/_rels/document.xml.rels': strToU8(relsXml), ...extra });
}
const wp = (inner: string) => `<w:p>${inner}</w:p>`;
const wr = (text: string, rPr = '') => `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`;

describe('Word import: the file itself', () => {
  it('reads options laid out in a table, symbols, and skips tracked deletions', () => {
    const cell = (inner: string) => `<w:tc>${wp(inner)}</w:tc>`;
    const file = read(
      handwritten(
        wp(wr('Câu 1. Giá trị ') + '<w:r><w:sym w:font="Symbol" w:char="F070"/></w:r>' + '<w:del><w:r><w:delText>bỏ</w:delText></w:r></w:del>' + wr(' là')) +
          `<w:tbl><w:tr>${cell(wr('A. 3'))}${cell(wr('B. 3,14', '<w:color w:val="FF0000"/>'))}</w:tr><w:tr>${cell(wr('C. 4'))}${cell(wr('D. 5'))}</w:tr></w:tbl>`,
      ),
    );
    expect(file.items[0]!.draft).toMatchObject({ body: { stem: 'Giá trị π là', options: [{ text: '3' }, { text: '3,14' }, { text: '4' }, { text: '5' }] }, key: { correct: 'B' } });
  });

  it('drops a MathType equation (a WMF picture) with a warning that says what to do', () => {
    const file = read(
      handwritten(wp(wr('Câu 1. Tính ') + '<w:r><w:object><v:shape><v:imagedata r:id="rId9"/></v:shape></w:object></w:r>') + wp(wr('A. 1', '<w:u w:val="single"/>')) + wp(wr('B. 2')), { 'word/media/image1.wmf': new Uint8Array([1, 2, 3]) }, '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.wmf"/>'),
    );
    expect(codes(file.items[0]!.issues)).toEqual(['warning:IMAGE_DROPPED']);
    expect(file.items[0]!.issues[0]!.message).toMatch(/MathType/);
    expect(file.items[0]!.draft?.body.stem).toBe('Tính');
  });

  it('refuses what is not a .docx: random bytes, an old .doc, a zip without a document, XML with a DOCTYPE', () => {
    const code = (bytes: Uint8Array) => {
      const r = readDocx(bytes, LIMITS);
      return 'code' in r ? [r.code, r.message] : null;
    };
    expect(code(new Uint8Array([1, 2, 3, 4, 5]))?.[0]).toBe('FILE_NOT_DOCX');
    expect(code(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).toEqual(['FILE_NOT_DOCX', expect.stringMatching(/\.doc file/)]);
    expect(code(zipSync({ 'x.txt': strToU8('x') }))?.[0]).toBe('FILE_NOT_DOCX');
    const xxe = zipSync({ 'word/document.xml': strToU8('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>') });
    expect(code(xxe)?.[0]).toBe('FILE_NOT_DOCX');
  });

  it('refuses a document too large once unpacked (a zip bomb) before inflating it', () => {
    const bomb = zipSync({ 'word/document.xml': new Uint8Array(6 * 1024 * 1024) }, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(100_000);
    const r = readDocx(bomb, LIMITS);
    expect('code' in r && r.code).toBe('DOCUMENT_TOO_LARGE');
  });
});
