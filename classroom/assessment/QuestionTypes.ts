/**
 * The question model of assessment (R11, R16): what a student sees (the body), what only the
 * teacher sees (the key) and what a student gives (the answer), one shape per kind.
 *
 * Every text a student sees is RichText (see richText.ts): plain text with `$…$` math,
 * `[b] [i] [u]` and `[img:<id>]`, already sanitized. Options and statements carry stable ids,
 * so that keys and answers survive shuffling and editing (a key never says "the third one").
 */

/** The kinds of question. Stored as text; a new kind is a new value, never a renamed one. */
export const QUESTION_KINDS = ['single_choice', 'multiple_choice', 'true_false', 'numeric', 'short_text', 'essay'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/**
 * The four cognitive levels of Vietnamese test matrices: nhận biết, thông hiểu, vận dụng,
 * vận dụng cao.
 */
export const COGNITIVE_LEVELS = ['recall', 'understand', 'apply', 'apply_high'] as const;
export type CognitiveLevel = (typeof COGNITIVE_LEVELS)[number];

/** Canonical rich text (richText.ts grammar), sanitized. */
export type RichText = string;

/** An answer option (A, B, C, D are display letters given by position, not ids). */
export interface ChoiceOption {
  /** Stable id: 1–16 of [A-Za-z0-9_-]. */
  id: string;
  text: RichText;
}

/** A statement a)–d) of a true/false question. */
export interface Statement {
  id: string;
  text: RichText;
}

interface BodyBase {
  stem: RichText;
}

export interface SingleChoiceBody extends BodyBase {
  kind: 'single_choice';
  /** 2–10 options. */
  options: ChoiceOption[];
  /** True: never shuffle the options ("Cả A và B đều đúng" must stay last). */
  fixedOrder: boolean;
}

export interface MultipleChoiceBody extends BodyBase {
  kind: 'multiple_choice';
  options: ChoiceOption[];
  fixedOrder: boolean;
}

/** Vietnam's 2025 Part II format: statements a)–d), each true or false (1–8 statements). */
export interface TrueFalseBody extends BodyBase {
  kind: 'true_false';
  statements: Statement[];
  fixedOrder: boolean;
}

/** A short numeric answer (2025 Part III). */
export interface NumericBody extends BodyBase {
  kind: 'numeric';
  /** Shown after the answer box ("cm", "%"); plain text, may be empty. */
  unit: string;
}

export interface ShortTextBody extends BodyBase {
  kind: 'short_text';
}

/** Graded by hand. */
export interface EssayBody extends BodyBase {
  kind: 'essay';
}

/** What a student may see of a question. */
export type QuestionBody = SingleChoiceBody | MultipleChoiceBody | TrueFalseBody | NumericBody | ShortTextBody | EssayBody;

interface KeyBase {
  /** The worked solution (lời giải), shown only with the results. May be empty. */
  explanation: RichText;
}

export interface SingleChoiceKey extends KeyBase {
  kind: 'single_choice';
  /** Id of the right option. */
  correct: string;
}

export interface MultipleChoiceKey extends KeyBase {
  kind: 'multiple_choice';
  /** Ids of the right options (at least one). */
  correct: string[];
}

export interface TrueFalseKey extends KeyBase {
  kind: 'true_false';
  /** Statement id → true (Đúng) or false (Sai); one entry per statement. */
  truths: Record<string, boolean>;
}

/** One accepted value: right when |typed − value| ≤ tolerance. */
export interface NumericAnswerKey {
  value: number;
  /** Absolute, ≥ 0. 0 means exact (up to float rounding). */
  tolerance: number;
}

export interface NumericKey extends KeyBase {
  kind: 'numeric';
  /** 1–10 accepted values. */
  answers: NumericAnswerKey[];
}

export interface ShortTextKey extends KeyBase {
  kind: 'short_text';
  /**
   * Accepted answers (plain text), compared after normalization (textMatch.ts). Empty: every
   * answer is graded by hand.
   */
  accepted: string[];
  /** Default false: "Hà Nội" = "hà nội". */
  caseSensitive: boolean;
  /** Default false: in Vietnamese the marks change the word ("ma" ≠ "mà"). */
  ignoreDiacritics: boolean;
}

export interface EssayKey extends KeyBase {
  kind: 'essay';
  /** Marking guidance for the grader (hướng dẫn chấm). */
  guidance: RichText;
}

/** What only teachers see: the right answers and the solution. Never sent to a student before results are released. */
export type AnswerKey = SingleChoiceKey | MultipleChoiceKey | TrueFalseKey | NumericKey | ShortTextKey | EssayKey;

/** A question: body and key of the same kind (validateQuestion checks it). */
export interface Question {
  body: QuestionBody;
  key: AnswerKey;
}

/** A question of one kind, body and key typed together. */
export type QuestionOf<K extends QuestionKind> = {
  body: Extract<QuestionBody, { kind: K }>;
  key: Extract<AnswerKey, { kind: K }>;
};

export interface SingleChoiceAnswer {
  kind: 'single_choice';
  /** Option id, or null when left blank. */
  choice: string | null;
}

export interface MultipleChoiceAnswer {
  kind: 'multiple_choice';
  choices: string[];
}

export interface TrueFalseAnswer {
  kind: 'true_false';
  /** Statement id → the student's Đúng/Sai; a missing id was left blank. */
  values: Record<string, boolean>;
}

/** As typed ("3,14"): parsed when graded, so a regrade reads exactly what the student wrote. */
export interface NumericAnswer {
  kind: 'numeric';
  text: string;
}

export interface ShortTextAnswer {
  kind: 'short_text';
  text: string;
}

export interface EssayAnswer {
  kind: 'essay';
  text: string;
}

export type Answer = SingleChoiceAnswer | MultipleChoiceAnswer | TrueFalseAnswer | NumericAnswer | ShortTextAnswer | EssayAnswer;

/** Limits of a question's parts (also the HTTP schema's). */
export const QUESTION_LIMITS = {
  stemChars: 10_000,
  optionChars: 2_000,
  minOptions: 2,
  maxOptions: 10,
  minStatements: 1,
  maxStatements: 8,
  maxNumericAnswers: 10,
  maxAccepted: 20,
  acceptedChars: 200,
  explanationChars: 10_000,
  unitChars: 20,
  answerTextChars: 20_000,
} as const;

/** Option and statement ids. */
export const ITEM_ID_RE = /^[A-Za-z0-9_-]{1,16}$/;

/** A problem with a question, by field. */
export interface QuestionIssue {
  /** Dotted path of the field, e.g. "body.options.2.text", "key.correct". */
  path: string;
  code: QuestionIssueCode;
  /** English, for logs and API clients; the UI translates `code`. */
  message: string;
}

export type QuestionIssueCode =
  | 'KIND_UNKNOWN'
  | 'KEY_KIND_MISMATCH'
  | 'TEXT_EMPTY'
  | 'TEXT_TOO_LONG'
  | 'TOO_FEW_OPTIONS'
  | 'TOO_MANY_OPTIONS'
  | 'ID_INVALID'
  | 'ID_DUPLICATE'
  | 'KEY_UNKNOWN_ID'
  | 'KEY_NO_CORRECT'
  | 'KEY_MISSING_STATEMENT'
  | 'NUMBER_INVALID'
  | 'TOO_MANY_ANSWERS';
