import { describe, expect, it } from 'vitest';
import { ONE_OF_EACH, SINGLE } from '../../__fixtures__/questions.js';
import { validateQuestion } from '../../assessment/index.js';
import { exportAiken, parseAiken } from './aiken.js';

describe('Aiken', () => {
  it('reads the format as Moodle documents it ("A." and "B)" options, blank lines between questions)', () => {
    const text = [
      'Thủ đô của Việt Nam là',
      'A. Huế',
      'B) Hà Nội',
      'C. Đà Nẵng',
      'ANSWER: B',
      '',
      'Nghiệm của $2x = 4$ là',
      'A. $x = 1$',
      'B. $x = 2$',
      'ANSWER: b',
    ].join('\r\n');
    const { items } = parseAiken(text);
    expect(items.map((i) => [i.line, i.draft?.key])).toEqual([
      [1, { kind: 'single_choice', correct: 'B', explanation: '' }],
      [7, { kind: 'single_choice', correct: 'B', explanation: '' }],
    ]);
    expect(items[0]!.draft?.body).toEqual({ kind: 'single_choice', stem: 'Thủ đô của Việt Nam là', options: [{ id: 'A', text: 'Huế' }, { id: 'B', text: 'Hà Nội' }, { id: 'C', text: 'Đà Nẵng' }], fixedOrder: false });
  });

  it('reports each broken question and goes on with the next', () => {
    const text = ['Không có đáp án', 'A. một', 'B. hai', 'Câu sau', 'A. x', 'B. y', 'ANSWER: E', '', 'Một lựa chọn', 'A. x', 'ANSWER: A', '', 'Câu tốt', 'A. x', 'B. y', 'ANSWER: A', '', 'Câu cuối không kết thúc', 'A. x'].join('\n');
    expect(parseAiken(text).items.map((i) => [i.line, i.issues.map((x) => x.code)])).toEqual([
      [1, ['NO_ANSWER']],
      [4, ['ANSWER_UNKNOWN_OPTION']],
      [9, ['TOO_FEW_OPTIONS']],
      [13, []],
      [18, ['NO_ANSWER']],
    ]);
  });

  it('writes single-choice questions and reports the other kinds; the file reads back', () => {
    const entries = Object.values(ONE_OF_EACH).map((question, i) => ({ title: `Câu ${i + 1}`, question }));
    const { text, notes } = exportAiken(entries);
    expect(notes.map((n) => n.title)).toEqual(['Câu 2', 'Câu 3', 'Câu 4', 'Câu 5', 'Câu 6']);
    expect(text).toBe('Nghiệm của phương trình $2x - 4 = 0$ là\nA. $x = 1$\nB. $x = 2$\nC. $x = -2$\nD. $x = 4$\nANSWER: B\n');
    const back = parseAiken(text).items.map((i) => i.draft && validateQuestion(i.draft));
    expect(back[0]?.ok && back[0].question).toEqual({ ...SINGLE, key: { ...SINGLE.key, explanation: '' } });
  });

  it('flattens formatting and line breaks to one line per text', () => {
    const q = validateQuestion({ ...SINGLE, body: { ...SINGLE.body, stem: '[b]Dòng 1[/b]\nDòng 2' } });
    if (!q.ok) throw new Error('invalid');
    expect(exportAiken([{ title: 'x', question: q.question }]).text.split('\n')[0]).toBe('Dòng 1 Dòng 2');
  });
});
