import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ONE_OF_EACH } from '../../__fixtures__/questions.js';
import { validateQuestion, type Question } from '../../assessment/index.js';
import { exportGift } from './giftExport.js';
import { parseGift } from './giftParse.js';

/** What an import would store: parsed, then validated (sanitized). */
function imported(text: string): Array<Question | null> {
  return parseGift(text).items.map((it) => {
    if (!it.draft) return null;
    const v = validateQuestion(it.draft);
    return v.ok ? v.question : null;
  });
}

const codes = (text: string) => parseGift(text).items.map((it) => it.issues.map((i) => `${i.severity}:${i.code}`));

describe('GIFT round trip (export, then import)', () => {
  it('gives back every kind of question (an essay loses only its marking guidance, as reported)', () => {
    const entries = Object.values(ONE_OF_EACH).map((question, i) => ({ title: `Câu ${i + 1}`, question }));
    const { text, notes } = exportGift(entries);
    expect(notes).toEqual([{ title: 'Câu 6', note: 'GUIDANCE_DROPPED' }]);
    const back = imported(text);
    expect(back.slice(0, 5)).toEqual(entries.slice(0, 5).map((e) => e.question));
    expect(back[5]).toEqual({ ...ONE_OF_EACH.essay, key: { ...ONE_OF_EACH.essay.key, guidance: '' } });
  });

  it("keeps GIFT's special characters, LaTeX (\\neq, \\\\, \\{), formatting, and never writes live HTML", () => {
    const q: Question = {
      body: {
        kind: 'single_choice',
        stem: '[b]Cho[/b] $a \\neq b$, $\\begin{cases} x=1 \\\\ y=\\{2\\} \\end{cases}$ và [i]~ = # { } :[/i] \\\\ \\$5 <script>alert(1)</script> & [u]x[/u]',
        options: [
          { id: 'A', text: 'A~B' },
          { id: 'B', text: '$\\frac{1}{2}$' },
        ],
        fixedOrder: false,
      },
      key: { kind: 'single_choice', correct: 'B', explanation: 'Vì $x \\geq 0$' },
    };
    const clean = validateQuestion(q);
    expect(clean.ok).toBe(true);
    if (!clean.ok) return;
    const { text } = exportGift([{ title: 'T: 1', question: clean.question }]);
    expect(text).not.toMatch(/<script/i);
    expect(imported(text)).toEqual([clean.question]);
  });

  it('round-trips random single-choice questions (property)', () => {
    const unit = fc.constantFrom('a', 'ă', ' ', '~', '=', '#', '{', '}', ':', '\\', '<', '>', '&', ';', 'n', '$x$', '[b]y[/b]', '\n', '%', '-', '>');
    const text = fc.string({ unit, minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(text, fc.array(text, { minLength: 2, maxLength: 5 }), fc.nat(), (stem, optionTexts, pick) => {
        const draft: Question = {
          body: { kind: 'single_choice', stem, options: optionTexts.map((t, i) => ({ id: String.fromCharCode(65 + i), text: t })), fixedOrder: false },
          key: { kind: 'single_choice', correct: String.fromCharCode(65 + (pick % optionTexts.length)), explanation: '' },
        };
        const clean = validateQuestion(draft);
        fc.pre(clean.ok);
        if (!clean.ok) return;
        const tf = clean.question.body.kind === 'single_choice' && clean.question.body.options.length === 2;
        fc.pre(!tf || !/^(đúng|sai|true|false)$/i.test((clean.question.body as { options: Array<{ text: string }> }).options[0]!.text));
        expect(imported(exportGift([{ title: 'Q', question: clean.question }]).text)).toEqual([clean.question]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseGift: what Moodle writes', () => {
  it('reads multiple choice with feedback, true/false, short answer, numeric, essay, general feedback', () => {
    const gift = [
      '// A comment',
      '$CATEGORY: $course$/top/Toán/Hàm số',
      '',
      '::Q1:: 2 + 2 bằng {=4 #Đúng rồi ~3 #Sai ~5}',
      '',
      '::Q2:: Trái Đất quay quanh Mặt Trời.{TRUE#Đúng}',
      '',
      'Ai viết "Truyện Kiều"? {=Nguyễn Du =Nguyen Du}',
      '',
      'Số pi xấp xỉ {#3.14:0.01}',
      '',
      'Một số trong khoảng từ 1 đến 5 {#1..5}',
      '',
      'Căn bậc hai của 2 {#=1.414:0.001 =%50%1.4:0.1}',
      '',
      'Viết một đoạn văn. {####Gợi ý: 5-7 câu}',
      '',
      'Chọn các số chẵn {~%50%2 ~%50%4 ~%-100%3}',
    ].join('\n');
    const { items } = parseGift(gift);
    expect(items.map((i) => [i.label, i.draft?.body.kind, i.topic])).toEqual([
      ['Q1', 'single_choice', 'Hàm số'],
      ['Q2', 'single_choice', 'Hàm số'],
      [null, 'short_text', 'Hàm số'],
      [null, 'numeric', 'Hàm số'],
      [null, 'numeric', 'Hàm số'],
      [null, 'numeric', 'Hàm số'],
      [null, 'essay', 'Hàm số'],
      [null, 'multiple_choice', 'Hàm số'],
    ]);
    expect(items[0]!.draft?.key).toEqual({ kind: 'single_choice', correct: 'A', explanation: '' });
    expect(items[0]!.issues.map((i) => i.code)).toEqual(['FEEDBACK_DROPPED']);
    expect(items[1]!.draft?.body).toMatchObject({ options: [{ id: 'T', text: 'Đúng' }, { id: 'F', text: 'Sai' }] });
    expect(items[1]!.draft?.key).toMatchObject({ correct: 'T' });
    expect(items[2]!.draft?.key).toMatchObject({ accepted: ['Nguyễn Du', 'Nguyen Du'] });
    expect(items[3]!.draft?.key).toMatchObject({ answers: [{ value: 3.14, tolerance: 0.01 }] });
    expect(items[4]!.draft?.key).toMatchObject({ answers: [{ value: 3, tolerance: 2 }] });
    expect(items[5]!.draft?.key).toMatchObject({ answers: [{ value: 1.414, tolerance: 0.001 }] });
    expect(items[5]!.issues.map((i) => i.code)).toEqual(['FORMAT_DROPPED']);
    expect(items[6]!.draft?.key).toMatchObject({ kind: 'essay', explanation: 'Gợi ý: 5-7 câu' });
    expect(items[7]!.draft?.key).toMatchObject({ correct: ['A', 'B'] });
  });

  it('keeps a missing-word question as a stem with a blank', () => {
    const [item] = parseGift('Hà Nội là {=thủ đô ~tỉnh} của Việt Nam.').items;
    expect(item?.draft?.body.stem).toBe('Hà Nội là _____ của Việt Nam.');
  });

  it('turns Moodle HTML and MathJax into our text, dropping the rest with a warning', () => {
    const [item] = parseGift('[html]<p>Tính <strong>nhanh</strong> \\(x^2\\)<br>và <span style="color:red">y</span> <script>alert(1)</script>&lt;3</p>{=1 ~2}').items;
    expect(item?.draft?.body.stem).toBe('Tính [b]nhanh[/b] $x^2$\nvà y <3');
    expect(item?.issues.map((i) => i.code)).toEqual(['FORMAT_DROPPED']);
  });

  it('reports what it does not understand, question by question', () => {
    const gift = [
      'Ghép cặp {=Hà Nội -> Thủ đô =Huế -> Cố đô}',
      '',
      'Chỉ là một đoạn giới thiệu, không có câu hỏi.',
      '',
      'Thiếu dấu đóng {=a ~b',
      '',
      'Không có đáp án đúng {~a ~b}',
      '',
      'Hai đáp án đúng {=a =b ~c}',
      '',
      'Số hỏng {#abc}',
      '',
      'Câu tốt {=a ~b}',
    ].join('\n');
    expect(codes(gift)).toEqual([
      ['error:TYPE_UNSUPPORTED'],
      ['error:TYPE_UNSUPPORTED'],
      ['error:SYNTAX'],
      ['error:NO_ANSWER'],
      ['error:ANSWER_AMBIGUOUS'],
      ['error:SYNTAX'],
      [],
    ]);
  });

  it('reads Windows line ends and a BOM', () => {
    expect(parseGift('\uFEFF::A:: x {T}\r\n\r\n::B:: y {F}\r\n').items.map((i) => i.label)).toEqual(['A', 'B']);
  });

  it('merges titled statements into one true/false question only when they follow in order with one stem', () => {
    const gift = ['::Q a)::Cho x.<br>a) một{T}', '', '::Q b)::Cho x.<br>b) hai{F}', '', '::Q c)::Khác.<br>c) ba{T}'].map((l) => l.replace('::Q', '::Q').replace(/::(Q [a-c]\))::/, '::$1::[html]')).join('\n');
    const { items } = parseGift(gift);
    expect(items.map((i) => i.draft?.body.kind)).toEqual(['true_false', 'single_choice']);
    expect(items[0]!.draft).toEqual({
      body: { kind: 'true_false', stem: 'Cho x.', statements: [{ id: 'a', text: 'một' }, { id: 'b', text: 'hai' }], fixedOrder: true },
      key: { kind: 'true_false', truths: { a: true, b: false }, explanation: '' },
    });
  });
});
