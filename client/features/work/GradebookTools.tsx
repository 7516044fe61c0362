import { useState } from 'preact/hooks';
import { tWork } from '../../i18n/work.js';
import type { SlotJson } from '../../net/apiWork.js';
import { applyImport, fillColumn, importPlan, previewImport, type GradebookKey } from '../../state/gradebook.js';

/** A source a column can be filled from: an assignment's returned grades or a released quiz/exam. */
type Source = { kind: 'assignment' | 'quiz'; id: string; title: string };

/**
 * Puts returned assignment grades and released quiz/exam scores into a column: one source, the
 * best or the average of several.
 */
export function FillColumn({ k, slots, assignments, quizzes }: { k: GradebookKey; slots: readonly SlotJson[]; assignments: ReadonlyArray<{ id: string; title: string }>; quizzes: ReadonlyArray<{ id: string; title: string; mode: string }> }) {
  const [slot, setSlot] = useState<SlotJson>(slots[0] ?? 'tx1');
  const [chosen, setChosen] = useState<Source[]>([]);
  const [combine, setCombine] = useState<'single' | 'best' | 'average'>('single');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const sources: Source[] = [...assignments.map((a) => ({ kind: 'assignment' as const, id: a.id, title: a.title })), ...quizzes.map((q) => ({ kind: 'quiz' as const, id: q.id, title: q.title }))];
  const isChosen = (s: Source) => chosen.some((c) => c.kind === s.kind && c.id === s.id);
  const run = async () => {
    const ids = (kind: Source['kind']) => chosen.filter((c) => c.kind === kind).map((c) => c.id);
    const r = await fillColumn(k, slot, { assignmentIds: ids('assignment'), assessmentIds: ids('quiz') }, chosen.length > 1 && combine === 'single' ? 'best' : combine);
    setMessage(r.ok ? { ok: true, text: tWork('gradebook.filled', { n: r.changed }) } : { ok: false, text: r.error });
  };
  return (
    <section class="card form" data-testid="gb-fill">
      <h2 class="section__title">{tWork('gradebook.fill')}</h2>
      <ul class="plain-list">
        {sources.map((src) => (
          <li key={`${src.kind}:${src.id}`}>
            <label class="check">
              <input
                type="checkbox"
                checked={isChosen(src)}
                onChange={(e) => setChosen((e.target as HTMLInputElement).checked ? [...chosen, src] : chosen.filter((c) => !(c.kind === src.kind && c.id === src.id)))}
                data-testid={src.kind === 'assignment' ? 'gb-fill-assignment' : 'gb-fill-quiz'}
                {...(src.kind === 'assignment' ? { 'data-assignment-id': src.id } : { 'data-assessment-id': src.id })}
              />
              <span>
                {src.kind === 'quiz' && <span class="badge">{tWork('gradebook.quizBadge')}</span>} {src.title}
              </span>
            </label>
          </li>
        ))}
      </ul>
      <div class="form__row">
        <label class="field">
          <span class="field__label">{tWork('gradebook.fillColumn')}</span>
          <select class="field__input" value={slot} onChange={(e) => setSlot((e.target as HTMLSelectElement).value as SlotJson)} data-testid="gb-fill-slot">
            {slots.map((s) => (
              <option key={s} value={s}>
                {s.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field__label">{tWork('gradebook.fillCombine')}</span>
          <select class="field__input" value={combine} onChange={(e) => setCombine((e.target as HTMLSelectElement).value as typeof combine)} data-testid="gb-fill-combine">
            <option value="single">{tWork('gradebook.combine.single')}</option>
            <option value="best">{tWork('gradebook.combine.best')}</option>
            <option value="average">{tWork('gradebook.combine.average')}</option>
          </select>
        </label>
      </div>
      <button type="button" class="button button--primary" disabled={chosen.length === 0} onClick={() => void run()} data-testid="gb-fill-run">
        {tWork('gradebook.fillButton')}
      </button>
      {message && <p class={`alert ${message.ok ? 'alert--ok' : 'alert--error'}`}>{message.text}</p>}
    </section>
  );
}

/** Import from the exported XLSX: preview (changes and row errors) first, then apply all or nothing. */
export function ImportForm({ k }: { k: GradebookKey }) {
  const [file, setFile] = useState<ArrayBuffer | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const plan = importPlan.value;
  const choose = async (e: Event) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (!f) return;
    const bytes = await f.arrayBuffer();
    setFile(bytes);
    const error = await previewImport(k, bytes);
    setMessage(error ? { ok: false, text: error } : null);
  };
  const apply = async () => {
    if (!file) return;
    const r = await applyImport(k, file);
    setMessage(r.ok ? { ok: true, text: tWork('gradebook.applied', { n: r.changed }) } : { ok: false, text: r.error });
  };
  return (
    <section class="card form" data-testid="gb-import">
      <h2 class="section__title">{tWork('gradebook.import')}</h2>
      <input type="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => void choose(e)} data-testid="gb-import-file" />
      {plan && (
        <div data-testid="gb-import-preview" data-ok={String(plan.ok)}>
          {plan.issues.map((i, n) => (
            <p key={n} class="alert alert--error" data-testid="gb-import-issue" data-line={i.line}>
              {tWork('gradebook.issueLine', { line: i.line, column: i.column, message: i.message })}
            </p>
          ))}
          {plan.cells.length === 0 && plan.ok && <p class="muted">{tWork('gradebook.noChanges')}</p>}
          <ul class="plain-list">
            {plan.cells.map((c, n) => (
              <li key={n}>
                {c.name} · {c.slot.toUpperCase()}: {c.from || '∅'} → {c.to}
              </li>
            ))}
          </ul>
          <button type="button" class="button button--primary" disabled={!plan.ok || plan.cells.length === 0} onClick={() => void apply()} data-testid="gb-import-apply">
            {tWork('gradebook.apply', { n: plan.cells.length })}
          </button>
        </div>
      )}
      {message && <p class={`alert ${message.ok ? 'alert--ok' : 'alert--error'}`}>{message.text}</p>}
    </section>
  );
}
