import { batch, signal } from '@preact/signals';
import { tBank, tBankCode } from '../i18n/bank.js';
import { ApiError } from '../net/index.js';
import { bankSchemas, parser, type BankQuestionDto, type CognitiveLevel, type QuestionDto, type QuestionKind } from '../net/bankApi.js';
import { api, describeApiError, serverDetail } from './api.js';
import { authorSubjects, loadBank } from './bank.js';

/**
 * The question editor: a form that maps to one question of the model (docs/assessment.md),
 * checked here for what a teacher can fix at once, and by the server for everything.
 */

export interface EditorForm {
  id: string | null;
  baseVersion: number;
  /** False for a colleague's shared question: shown, not editable. */
  canManage: boolean;
  kind: QuestionKind;
  subjectId: string;
  shared: boolean;
  gradeLevel: string;
  topic: string;
  level: CognitiveLevel | '';
  stem: string;
  options: Array<{ id: string; text: string }>;
  /** Ids of the right options (one for single choice). */
  correct: string[];
  fixedOrder: boolean;
  statements: Array<{ id: string; text: string; truth: boolean | null }>;
  values: Array<{ value: string; tolerance: string }>;
  unit: string;
  /** One accepted answer per line. */
  accepted: string;
  caseSensitive: boolean;
  ignoreDiacritics: boolean;
  guidance: string;
  explanation: string;
  note: string;
}

export interface EditorProblem {
  message: string;
  detail: string;
  /** The server's field issues, translated, with the field path. */
  issues: Array<{ path: string; text: string }>;
}

export const editor = signal<EditorForm | null>(null);
export const editorBusy = signal(false);
export const editorProblem = signal<EditorProblem | null>(null);
export const editorWarnings = signal<readonly string[]>([]);
export const editorSaved = signal<number | null>(null);

const LETTERS = 'ABCDEFGHIJ';

export function newForm(kind: QuestionKind = 'single_choice', subjectId = authorSubjects()[0]?.id ?? ''): EditorForm {
  return {
    id: null,
    baseVersion: 0,
    canManage: true,
    kind,
    subjectId,
    shared: false,
    gradeLevel: '',
    topic: '',
    level: '',
    stem: '',
    options: [...LETTERS.slice(0, 4)].map((id) => ({ id, text: '' })),
    correct: [],
    fixedOrder: false,
    statements: [...'abcd'].map((id) => ({ id, text: '', truth: null })),
    values: [{ value: '', tolerance: '0' }],
    unit: '',
    accepted: '',
    caseSensitive: false,
    ignoreDiacritics: false,
    guidance: '',
    explanation: '',
    note: '',
  };
}

export function formOf(q: BankQuestionDto, canManage: boolean): EditorForm {
  const f = newForm(q.kind, q.subjectId);
  const { body, key } = q.question;
  Object.assign(f, {
    id: q.id,
    baseVersion: q.version,
    canManage,
    shared: q.shared,
    gradeLevel: q.tags.gradeLevel === null ? '' : String(q.tags.gradeLevel),
    topic: q.tags.topic ?? '',
    level: q.tags.level ?? '',
    stem: body.stem,
    explanation: key.explanation,
  });
  if ((body.kind === 'single_choice' || body.kind === 'multiple_choice') && (key.kind === 'single_choice' || key.kind === 'multiple_choice')) {
    f.options = body.options.map((o) => ({ ...o }));
    f.fixedOrder = body.fixedOrder;
    f.correct = key.kind === 'single_choice' ? [key.correct] : [...key.correct];
  } else if (body.kind === 'true_false' && key.kind === 'true_false') {
    f.statements = body.statements.map((s) => ({ ...s, truth: key.truths[s.id] ?? null }));
    f.fixedOrder = body.fixedOrder;
  } else if (body.kind === 'numeric' && key.kind === 'numeric') {
    f.unit = body.unit;
    f.values = key.answers.map((a) => ({ value: String(a.value).replace('.', ','), tolerance: String(a.tolerance).replace('.', ',') }));
  } else if (key.kind === 'short_text') {
    Object.assign(f, { accepted: key.accepted.join('\n'), caseSensitive: key.caseSensitive, ignoreDiacritics: key.ignoreDiacritics });
  } else if (key.kind === 'essay') f.guidance = key.guidance;
  return f;
}

/** A number as a teacher types it in the key: "3,14" or "3.14" (no thousands separators here). */
function keyNumber(text: string): number | null {
  const t = text.trim().replace(/\s/g, '').replace('−', '-').replace(',', '.');
  return /^-?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : null;
}

/** The question of the form, or the first thing to fix. */
export function questionOf(f: EditorForm): { question: QuestionDto } | { error: string } {
  const explanation = f.explanation;
  switch (f.kind) {
    case 'single_choice':
    case 'multiple_choice': {
      const options = f.options.map((o) => ({ id: o.id, text: o.text }));
      const correct = f.correct.filter((c) => options.some((o) => o.id === c));
      if (correct.length === 0) return { error: tBank('bank.editor.needCorrect') };
      return f.kind === 'single_choice'
        ? { question: { body: { kind: 'single_choice', stem: f.stem, options, fixedOrder: f.fixedOrder }, key: { kind: 'single_choice', correct: correct[0]!, explanation } } }
        : { question: { body: { kind: 'multiple_choice', stem: f.stem, options, fixedOrder: f.fixedOrder }, key: { kind: 'multiple_choice', correct, explanation } } };
    }
    case 'true_false': {
      if (f.statements.some((s) => s.truth === null)) return { error: tBank('bank.issue.KEY_MISSING_STATEMENT') };
      const truths = Object.fromEntries(f.statements.map((s) => [s.id, s.truth === true]));
      return { question: { body: { kind: 'true_false', stem: f.stem, statements: f.statements.map(({ id, text }) => ({ id, text })), fixedOrder: f.fixedOrder }, key: { kind: 'true_false', truths, explanation } } };
    }
    case 'numeric': {
      const answers: Array<{ value: number; tolerance: number }> = [];
      for (const v of f.values) {
        if (!v.value.trim()) continue;
        const value = keyNumber(v.value);
        const tolerance = keyNumber(v.tolerance || '0');
        if (value === null) return { error: tBank('bank.editor.badNumber', { value: v.value }) };
        if (tolerance === null || tolerance < 0) return { error: tBank('bank.editor.badNumber', { value: v.tolerance }) };
        answers.push({ value, tolerance });
      }
      return { question: { body: { kind: 'numeric', stem: f.stem, unit: f.unit }, key: { kind: 'numeric', answers, explanation } } };
    }
    case 'short_text': {
      const accepted = f.accepted.split('\n').map((a) => a.trim()).filter(Boolean);
      return { question: { body: { kind: 'short_text', stem: f.stem }, key: { kind: 'short_text', accepted, caseSensitive: f.caseSensitive, ignoreDiacritics: f.ignoreDiacritics, explanation } } };
    }
    case 'essay':
      return { question: { body: { kind: 'essay', stem: f.stem }, key: { kind: 'essay', guidance: f.guidance, explanation } } };
  }
}

/** The question as typed so far, finished or not: what the live preview shows (nothing is checked). */
export function previewQuestion(f: EditorForm): QuestionDto {
  const explanation = f.explanation;
  const options = f.options.map((o) => ({ id: o.id, text: o.text }));
  switch (f.kind) {
    case 'single_choice':
      return { body: { kind: 'single_choice', stem: f.stem, options, fixedOrder: f.fixedOrder }, key: { kind: 'single_choice', correct: f.correct[0] ?? '', explanation } };
    case 'multiple_choice':
      return { body: { kind: 'multiple_choice', stem: f.stem, options, fixedOrder: f.fixedOrder }, key: { kind: 'multiple_choice', correct: f.correct, explanation } };
    case 'true_false': {
      const truths = Object.fromEntries(f.statements.filter((s) => s.truth !== null).map((s) => [s.id, s.truth === true]));
      return { body: { kind: 'true_false', stem: f.stem, statements: f.statements.map(({ id, text }) => ({ id, text })), fixedOrder: f.fixedOrder }, key: { kind: 'true_false', truths, explanation } };
    }
    case 'numeric': {
      const answers = f.values.flatMap((v) => {
        const value = keyNumber(v.value);
        return value === null ? [] : [{ value, tolerance: keyNumber(v.tolerance) ?? 0 }];
      });
      return { body: { kind: 'numeric', stem: f.stem, unit: f.unit }, key: { kind: 'numeric', answers, explanation } };
    }
    default: {
      const built = questionOf(f);
      return 'question' in built ? built.question : { body: { kind: 'essay', stem: f.stem }, key: { kind: 'essay', guidance: '', explanation } };
    }
  }
}

export function openEditor(form: EditorForm): void {
  batch(() => {
    editor.value = form;
    editorProblem.value = null;
    editorWarnings.value = [];
    editorSaved.value = null;
  });
}

export function closeEditor(): void {
  editor.value = null;
}

export function updateForm(change: Partial<EditorForm>): void {
  if (editor.value) editor.value = { ...editor.value, ...change };
}

function tagsOf(f: EditorForm) {
  return { gradeLevel: f.gradeLevel ? Number(f.gradeLevel) : null, topic: f.topic.trim() || null, level: f.level || null };
}

export async function saveEditor(): Promise<boolean> {
  const f = editor.value;
  if (!f || !f.canManage) return false;
  const built = questionOf(f);
  if ('error' in built) {
    editorProblem.value = { message: built.error, detail: '', issues: [] };
    return false;
  }
  batch(() => {
    editorBusy.value = true;
    editorProblem.value = null;
  });
  try {
    const saved = f.id
      ? await api().put(`/api/bank/questions/${encodeURIComponent(f.id)}`, { baseVersion: f.baseVersion, question: built.question, shared: f.shared, tags: tagsOf(f), ...(f.note.trim() ? { note: f.note.trim() } : {}) }, parser(bankSchemas.savedQuestionResponse))
      : await api().post('/api/bank/questions', { subjectId: f.subjectId, shared: f.shared, tags: tagsOf(f), question: built.question }, parser(bankSchemas.savedQuestionResponse));
    batch(() => {
      editor.value = { ...formOf(saved.question, true), note: '' };
      editorWarnings.value = [...new Set(saved.warnings.map((w) => tBankCode('bank.warning', w.code, 'bank.issue.UNKNOWN')))];
      editorSaved.value = saved.question.version;
    });
    void loadBank();
    return true;
  } catch (error) {
    editorProblem.value = problemOf(error);
    return false;
  } finally {
    editorBusy.value = false;
  }
}

function problemOf(error: unknown): EditorProblem {
  if (error instanceof ApiError && error.code === 'CONFLICT' && error.reason === 'STALE_VERSION') {
    return { message: tBank('bank.editor.stale', { version: String(error.details['version'] ?? '') }), detail: '', issues: [] };
  }
  const raw = error instanceof ApiError && Array.isArray(error.details['issues']) ? (error.details['issues'] as Array<{ path?: unknown; code?: unknown }>) : [];
  const issues = raw.map((i) => ({ path: typeof i.path === 'string' ? i.path : '', text: tBankCode('bank.issue', typeof i.code === 'string' ? i.code : '', 'bank.issue.UNKNOWN') }));
  return { message: describeApiError(error), detail: issues.length > 0 ? '' : serverDetail(error), issues };
}

/** Uploads a picture for the question; resolves with the text to insert ([img:id]), or null (the problem is shown). */
export async function uploadImage(file: { bytes: ArrayBuffer }, maxBytes: number): Promise<string | null> {
  if (file.bytes.byteLength > maxBytes) {
    editorProblem.value = { message: tBank('bank.editor.imageTooLarge', { kb: Math.round(maxBytes / 1024) }), detail: '', issues: [] };
    return null;
  }
  try {
    const { image } = await api().postFile('/api/bank/images', file.bytes, 'application/octet-stream', parser(bankSchemas.imageResponse));
    return `[img:${image.id}]`;
  } catch (error) {
    editorProblem.value = problemOf(error);
    return null;
  }
}

/** Opens an existing question (fresh from the server). */
export async function openQuestion(id: string): Promise<void> {
  try {
    const r = await api().get(`/api/bank/questions/${encodeURIComponent(id)}`, parser(bankSchemas.questionResponse));
    openEditor(formOf(r.question, r.canManage));
  } catch (error) {
    editorProblem.value = problemOf(error);
  }
}
