import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../i18n/index.js';
import { tExam } from '../../i18n/exam.js';
import type { AnswerKeyDto } from '../../net/bankApi.js';
import type { RegradeRecord } from '../../net/examApi.js';
import { changeKey, latestVersion, regradeWith, type PaperEntry } from '../../state/examReport.js';
import { QuestionView } from '../bank/QuestionView.js';
import { RichText } from '../richText/RichText.js';

const dec = (x: number | null) => (x === null ? '–' : String(x).replace('.', ','));
const num = (s: string) => (s.trim() === '' ? NaN : Number(s.trim().replace(',', '.')));

/** The key as the form edits it: choice ids, statement truths, numbers as typed, accepted lines. */
interface KeyForm {
  correct: string[];
  truths: Record<string, boolean>;
  values: Array<{ value: string; tolerance: string }>;
  accepted: string;
}

function formOf(key: AnswerKeyDto): KeyForm {
  return {
    correct: key.kind === 'single_choice' ? [key.correct] : key.kind === 'multiple_choice' ? [...key.correct] : [],
    truths: key.kind === 'true_false' ? { ...key.truths } : {},
    values: key.kind === 'numeric' ? key.answers.map((a) => ({ value: dec(a.value), tolerance: dec(a.tolerance) })) : [],
    accepted: key.kind === 'short_text' ? key.accepted.join('\n') : '',
  };
}

/** The new key from the form, the rest of the old key kept (explanation, options of matching); null when a number is not one. */
function keyOf(old: AnswerKeyDto, f: KeyForm): AnswerKeyDto | null {
  switch (old.kind) {
    case 'single_choice':
      return { ...old, correct: f.correct[0] ?? old.correct };
    case 'multiple_choice':
      return { ...old, correct: f.correct };
    case 'true_false':
      return { ...old, truths: f.truths };
    case 'numeric': {
      const answers = f.values.map((v) => ({ value: num(v.value), tolerance: num(v.tolerance) }));
      return answers.every((a) => Number.isFinite(a.value) && Number.isFinite(a.tolerance)) ? { ...old, answers } : null;
    }
    case 'short_text':
      return { ...old, accepted: f.accepted.split('\n').map((l) => l.trim()).filter((l) => l.length > 0) };
    case 'essay':
      return old;
  }
}

/**
 * Changing the key of one question after the exam (R11 "regrade after a key change"): the
 * teacher sets the new key, gives a reason; the client stores it as a new bank version and
 * regrades every finished paper with it; the record shows in the regrade list below.
 */
export function RegradePanel({ examId, entry, onDone }: { examId: string; entry: PaperEntry; onDone: () => void }) {
  const [form, setForm] = useState<KeyForm>(() => formOf(entry.question.key));
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [latest, setLatest] = useState<number | null>(null);
  useEffect(() => {
    setForm(formOf(entry.question.key));
    setProblem(null);
    void latestVersion(entry.questionId).then(setLatest);
  }, [entry.questionId, entry.version]);
  const body = entry.question.body;
  const set = (change: Partial<KeyForm>) => setForm((f) => ({ ...f, ...change }));
  const submit = async () => {
    const key = keyOf(entry.question.key, form);
    if (!key) return setProblem(tExam('regrade.badNumber'));
    setBusy(true);
    const r = await changeKey(examId, entry, key, note);
    setBusy(false);
    if (r === 'unchanged' || r === 'bankMoved') return setProblem(tExam(`regrade.${r}`));
    if (r) onDone();
  };
  if (body.kind === 'essay') return <p class="muted">{tExam('regrade.essay')}</p>;
  return (
    <section class="card regrade" data-testid="regrade-panel" data-question={entry.questionId}>
      <h3>{tExam('regrade.heading', { q: entry.position })}</h3>
      <details>
        <summary>{tExam('regrade.current')}</summary>
        <QuestionView question={entry.question} showKey />
      </details>
      <form
        class="regrade__form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <fieldset>
          <legend>{tExam('regrade.newKey')}</legend>
          {(body.kind === 'single_choice' || body.kind === 'multiple_choice') &&
            body.options.map((o) => (
              <label key={o.id} class="check">
                <input
                  type={body.kind === 'single_choice' ? 'radio' : 'checkbox'}
                  name="regrade-key"
                  checked={form.correct.includes(o.id)}
                  data-testid="regrade-option"
                  data-option={o.id}
                  onChange={(e) => set({ correct: body.kind === 'single_choice' ? [o.id] : e.currentTarget.checked ? [...form.correct, o.id] : form.correct.filter((c) => c !== o.id) })}
                />{' '}
                <strong>{o.id}.</strong> <RichText text={o.text} />
              </label>
            ))}
          {body.kind === 'true_false' &&
            body.statements.map((s) => (
              <label key={s.id} class="field">
                <span class="field__label">
                  {s.id}) <RichText text={s.text} />
                </span>
                <select value={form.truths[s.id] ? 'T' : 'F'} data-testid="regrade-truth" onChange={(e) => set({ truths: { ...form.truths, [s.id]: e.currentTarget.value === 'T' } })}>
                  <option value="T">{tExam('regrade.true')}</option>
                  <option value="F">{tExam('regrade.false')}</option>
                </select>
              </label>
            ))}
          {body.kind === 'numeric' &&
            form.values.map((v, i) => (
              <div key={i} class="form__row">
                <input inputMode="decimal" value={v.value} aria-label={tExam('regrade.value')} placeholder={tExam('regrade.value')} data-testid="regrade-value" onInput={(e) => set({ values: form.values.map((x, k) => (k === i ? { ...x, value: e.currentTarget.value } : x)) })} />
                <input inputMode="decimal" value={v.tolerance} aria-label={tExam('regrade.tolerance')} placeholder={tExam('regrade.tolerance')} onInput={(e) => set({ values: form.values.map((x, k) => (k === i ? { ...x, tolerance: e.currentTarget.value } : x)) })} />
              </div>
            ))}
          {body.kind === 'short_text' && (
            <label class="field">
              <span class="field__label">{tExam('regrade.accepted')}</span>
              <textarea rows={3} value={form.accepted} data-testid="regrade-accepted" onInput={(e) => set({ accepted: e.currentTarget.value })} />
            </label>
          )}
        </fieldset>
        <label class="field">
          <span class="field__label">{tExam('regrade.note')}</span>
          <input value={note} required maxLength={400} data-testid="regrade-note" onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        {problem && (
          <p class="error" role="alert" data-testid="regrade-problem">
            {problem}
          </p>
        )}
        <div class="exams__actions">
          <button type="submit" class="button button--primary" disabled={busy} data-testid="regrade-apply">
            {tExam('regrade.apply')}
          </button>
          {latest !== null && latest > entry.version && (
            <button type="button" class="button" disabled={busy || note.trim() === ''} data-testid="regrade-latest" onClick={() => void regradeWith(examId, entry.questionId, latest, note).then((ok) => ok && onDone())}>
              {tExam('regrade.useLatest', { v: latest })}
            </button>
          )}
          <button type="button" class="button" onClick={onDone}>
            {tExam('regrade.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The regrades as recorded: when, who, which question, from which version to which, why, and each score it moved. */
export function RegradeLog({ records }: { records: readonly RegradeRecord[] }) {
  if (records.length === 0) return <p class="muted">{tExam('report.regradesNone')}</p>;
  return (
    <ol class="regrade-log" data-testid="regrade-log">
      {[...records].reverse().map((r) => (
        <li key={r.id} data-testid="regrade-record" data-question={r.questionId}>
          <div>
            <strong>{tExam('report.regradeLine', { time: formatDateTime(r.at), who: r.actorName, q: r.position || '?', from: r.fromVersion, to: r.toVersion })}</strong>
          </div>
          {r.note && <div class="muted">“{r.note}”</div>}
          {r.changed.length === 0 ? (
            <div class="muted">{tExam('report.regradeNoMove')}</div>
          ) : (
            <div>
              {tExam('report.regradeMoved', { n: r.changed.length })}{' '}
              {r.changed.map((c) => (
                <span key={c.attemptId} class="regrade-log__change" data-testid="regrade-change">
                  {c.studentName}: {dec(c.before)} → {dec(c.after)} {tExam('report.pointsUnit')}
                </span>
              ))}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
