/**
 * The one gate every question passes before it is stored (typed in the editor, imported from
 * a file, copied): sanitizes each text (richText.ts), checks the rules of its kind, and builds
 * a clean question holding only the fields of the model.
 */
import {
  ITEM_ID_RE,
  QUESTION_KINDS,
  QUESTION_LIMITS as L,
  type AnswerKey,
  type ChoiceOption,
  type Question,
  type QuestionBody,
  type QuestionIssue,
  type QuestionIssueCode,
} from './QuestionTypes.js';
import { sanitizePlainText, sanitizeRichText, type RichTextWarningCode, type SanitizeOptions } from './richText.js';
import { answerKey } from './textMatch.js';

export interface TextWarning {
  path: string;
  code: RichTextWarningCode;
}

export type ValidatedQuestion =
  | { ok: true; question: Question; warnings: TextWarning[] }
  | { ok: false; issues: QuestionIssue[]; warnings: TextWarning[] };

class Checker {
  readonly issues: QuestionIssue[] = [];
  readonly warnings: TextWarning[] = [];
  constructor(readonly options: SanitizeOptions) {}

  issue(path: string, code: QuestionIssueCode, message: string): void {
    this.issues.push({ path, code, message });
  }

  /** Sanitized rich text; `required` texts must not end up empty. */
  rich(path: string, input: string, max: number, required: boolean): string {
    const { text, warnings } = sanitizeRichText(input, this.options);
    for (const code of warnings) this.warnings.push({ path, code });
    if (required && text === '') this.issue(path, 'TEXT_EMPTY', 'This text is empty');
    if (text.length > max) this.issue(path, 'TEXT_TOO_LONG', `At most ${max} characters`);
    return text;
  }

  /** Plain one-line text (units, accepted answers). */
  plain(input: string): string {
    return sanitizePlainText(input);
  }

  ids(path: string, items: readonly { id: string }[]): Set<string> {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (!ITEM_ID_RE.test(item.id)) this.issue(`${path}.${i}.id`, 'ID_INVALID', 'Ids are 1–16 letters, digits, "-" or "_"');
      else if (seen.has(item.id)) this.issue(`${path}.${i}.id`, 'ID_DUPLICATE', `Id "${item.id}" is used twice`);
      seen.add(item.id);
    });
    return seen;
  }
}

/** Checks and cleans `draft`. Sanitizer warnings are kept even when the question is refused. */
export function validateQuestion(draft: Question, options: SanitizeOptions = {}): ValidatedQuestion {
  const c = new Checker(options);
  const kind = draft.body.kind;
  if (!(QUESTION_KINDS as readonly string[]).includes(kind)) {
    c.issue('body.kind', 'KIND_UNKNOWN', `Unknown question kind "${String(kind)}"`);
    return { ok: false, issues: c.issues, warnings: c.warnings };
  }
  if (draft.key.kind !== kind) {
    c.issue('key.kind', 'KEY_KIND_MISMATCH', 'The key is for another kind of question');
    return { ok: false, issues: c.issues, warnings: c.warnings };
  }
  const stem = c.rich('body.stem', draft.body.stem, L.stemChars, true);
  const explanation = c.rich('key.explanation', draft.key.explanation ?? '', L.explanationChars, false);
  const built = buildKind(c, draft, stem, explanation);
  if (c.issues.length > 0 || !built) return { ok: false, issues: c.issues, warnings: c.warnings };
  return { ok: true, question: built, warnings: c.warnings };
}

function buildKind(c: Checker, draft: Question, stem: string, explanation: string): Question | undefined {
  const { body, key } = draft;
  if ((body.kind === 'single_choice' && key.kind === 'single_choice') || (body.kind === 'multiple_choice' && key.kind === 'multiple_choice')) {
    const options = choiceOptions(c, body.options);
    const ids = c.ids('body.options', options);
    const correct = key.kind === 'single_choice' ? [key.correct] : [...new Set(key.correct)];
    if (correct.length === 0) c.issue('key.correct', 'KEY_NO_CORRECT', 'Mark at least one right option');
    for (const id of correct) if (!ids.has(id)) c.issue('key.correct', 'KEY_UNKNOWN_ID', `No option has id "${id}"`);
    const b = { stem, options, fixedOrder: body.fixedOrder === true };
    return key.kind === 'single_choice'
      ? { body: { kind: 'single_choice', ...b }, key: { kind: 'single_choice', correct: key.correct, explanation } }
      : { body: { kind: 'multiple_choice', ...b }, key: { kind: 'multiple_choice', correct, explanation } };
  }
  if (body.kind === 'true_false' && key.kind === 'true_false') {
    if (body.statements.length < L.minStatements || body.statements.length > L.maxStatements) {
      c.issue('body.statements', body.statements.length < L.minStatements ? 'TOO_FEW_OPTIONS' : 'TOO_MANY_OPTIONS', `${L.minStatements}–${L.maxStatements} statements`);
    }
    const statements = body.statements.map((s, i) => ({ id: s.id, text: c.rich(`body.statements.${i}.text`, s.text, L.optionChars, true) }));
    c.ids('body.statements', statements);
    const truths: Record<string, boolean> = {};
    for (const s of statements) {
      const v = Object.hasOwn(key.truths, s.id) ? key.truths[s.id] : undefined;
      if (typeof v !== 'boolean') c.issue(`key.truths.${s.id}`, 'KEY_MISSING_STATEMENT', `Say whether statement "${s.id}" is true or false`);
      else truths[s.id] = v;
    }
    for (const id of Object.keys(key.truths)) if (!statements.some((s) => s.id === id)) c.issue(`key.truths.${id}`, 'KEY_UNKNOWN_ID', `No statement has id "${id}"`);
    return { body: { kind: 'true_false', stem, statements, fixedOrder: body.fixedOrder === true }, key: { kind: 'true_false', truths, explanation } };
  }
  if (body.kind === 'numeric' && key.kind === 'numeric') {
    if (key.answers.length === 0) c.issue('key.answers', 'KEY_NO_CORRECT', 'Give at least one accepted value');
    if (key.answers.length > L.maxNumericAnswers) c.issue('key.answers', 'TOO_MANY_ANSWERS', `At most ${L.maxNumericAnswers} accepted values`);
    key.answers.forEach((a, i) => {
      if (!Number.isFinite(a.value) || Math.abs(a.value) > 1e15) c.issue(`key.answers.${i}.value`, 'NUMBER_INVALID', 'Not a usable number');
      if (!Number.isFinite(a.tolerance) || a.tolerance < 0) c.issue(`key.answers.${i}.tolerance`, 'NUMBER_INVALID', 'The tolerance is a number ≥ 0');
    });
    const unit = c.plain(body.unit ?? '');
    if (unit.length > L.unitChars) c.issue('body.unit', 'TEXT_TOO_LONG', `At most ${L.unitChars} characters`);
    const answers = key.answers.map((a) => ({ value: a.value, tolerance: a.tolerance }));
    return { body: { kind: 'numeric', stem, unit }, key: { kind: 'numeric', answers, explanation } };
  }
  if (body.kind === 'short_text' && key.kind === 'short_text') {
    const accepted = acceptedAnswers(c, key.accepted, key.caseSensitive === true, key.ignoreDiacritics === true);
    const k: AnswerKey = { kind: 'short_text', accepted, caseSensitive: key.caseSensitive === true, ignoreDiacritics: key.ignoreDiacritics === true, explanation };
    return { body: { kind: 'short_text', stem }, key: k };
  }
  if (body.kind === 'essay' && key.kind === 'essay') {
    const guidance = c.rich('key.guidance', key.guidance ?? '', L.explanationChars, false);
    return { body: { kind: 'essay', stem }, key: { kind: 'essay', guidance, explanation } };
  }
  return undefined;
}

function choiceOptions(c: Checker, options: readonly ChoiceOption[]): ChoiceOption[] {
  if (options.length < L.minOptions) c.issue('body.options', 'TOO_FEW_OPTIONS', `At least ${L.minOptions} options`);
  if (options.length > L.maxOptions) c.issue('body.options', 'TOO_MANY_OPTIONS', `At most ${L.maxOptions} options`);
  return options.map((o, i) => ({ id: o.id, text: c.rich(`body.options.${i}.text`, o.text, L.optionChars, true) }));
}

function acceptedAnswers(c: Checker, accepted: readonly string[], caseSensitive: boolean, ignoreDiacritics: boolean): string[] {
  if (accepted.length > L.maxAccepted) c.issue('key.accepted', 'TOO_MANY_ANSWERS', `At most ${L.maxAccepted} accepted answers`);
  const seen = new Set<string>();
  const out: string[] = [];
  accepted.forEach((a, i) => {
    const text = c.plain(a);
    if (text.length > L.acceptedChars) c.issue(`key.accepted.${i}`, 'TEXT_TOO_LONG', `At most ${L.acceptedChars} characters`);
    const k = answerKey(text, { caseSensitive, ignoreDiacritics });
    if (!k || seen.has(k)) return; // blanks and repeats add nothing
    seen.add(k);
    out.push(text);
  });
  return out;
}

/** The body alone, for a student's paper. A copy: changing it never touches the question. */
export function studentBody(question: Question): QuestionBody {
  return structuredClone(question.body);
}
