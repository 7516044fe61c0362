/** One valid question of each kind, for tests of grading, validation, stores and imports. */
import type { Question, QuestionKind } from '../assessment/index.js';

export const SINGLE: Question = {
  body: {
    kind: 'single_choice',
    stem: 'Nghiệm của phương trình $2x - 4 = 0$ là',
    options: [
      { id: 'A', text: '$x = 1$' },
      { id: 'B', text: '$x = 2$' },
      { id: 'C', text: '$x = -2$' },
      { id: 'D', text: '$x = 4$' },
    ],
    fixedOrder: false,
  },
  key: { kind: 'single_choice', correct: 'B', explanation: '$2x = 4 \\Rightarrow x = 2$' },
};

export const MULTIPLE: Question = {
  body: {
    kind: 'multiple_choice',
    stem: 'Những số nào là số nguyên tố?',
    options: [
      { id: 'A', text: '2' },
      { id: 'B', text: '4' },
      { id: 'C', text: '5' },
      { id: 'D', text: '9' },
    ],
    fixedOrder: false,
  },
  key: { kind: 'multiple_choice', correct: ['A', 'C'], explanation: '' },
};

export const TRUE_FALSE: Question = {
  body: {
    kind: 'true_false',
    stem: 'Cho hàm số $y = x^2 - 2x$. Xét tính đúng sai của các mệnh đề sau:',
    statements: [
      { id: 'a', text: 'Đồ thị đi qua gốc tọa độ.' },
      { id: 'b', text: 'Hàm số đồng biến trên $\\mathbb{R}$.' },
      { id: 'c', text: 'Đỉnh của parabol là $(1; -1)$.' },
      { id: 'd', text: '$y(3) = 6$.' },
    ],
    fixedOrder: true,
  },
  key: { kind: 'true_false', truths: { a: true, b: false, c: true, d: false }, explanation: '' },
};

export const NUMERIC: Question = {
  body: { kind: 'numeric', stem: 'Tính $\\pi$ làm tròn đến hàng phần trăm.', unit: '' },
  key: { kind: 'numeric', answers: [{ value: 3.14, tolerance: 0 }], explanation: '' },
};

export const SHORT_TEXT: Question = {
  body: { kind: 'short_text', stem: 'Thủ đô của Việt Nam là thành phố nào?' },
  key: { kind: 'short_text', accepted: ['Hà Nội', 'Thành phố Hà Nội'], caseSensitive: false, ignoreDiacritics: false, explanation: '' },
};

export const ESSAY: Question = {
  body: { kind: 'essay', stem: 'Trình bày cảm nhận của em về bài thơ "Tây Tiến".' },
  key: { kind: 'essay', guidance: 'Mở bài 0,5 điểm; thân bài 2 điểm; kết bài 0,5 điểm.', explanation: '' },
};

export const ONE_OF_EACH: Record<QuestionKind, Question> = {
  single_choice: SINGLE,
  multiple_choice: MULTIPLE,
  true_false: TRUE_FALSE,
  numeric: NUMERIC,
  short_text: SHORT_TEXT,
  essay: ESSAY,
};
