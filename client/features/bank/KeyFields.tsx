import { tBank } from '../../i18n/bank.js';
import { editor, updateForm, type EditorForm } from '../../state/bankEditor.js';
import { RichTextInput } from './RichTextInput.js';

const LETTERS = 'ABCDEFGHIJ';

/** The parts of the editor that depend on the kind: options, statements, values, accepted answers, guidance. */
export function KeyFields({ form }: { form: EditorForm }) {
  const ro = !form.canManage;
  switch (form.kind) {
    case 'single_choice':
    case 'multiple_choice':
      return <ChoiceFields form={form} readOnly={ro} />;
    case 'true_false':
      return <StatementFields form={form} readOnly={ro} />;
    case 'numeric':
      return (
        <fieldset class="editor__group">
          <legend>{tBank('bank.editor.values')}</legend>
          {form.values.map((v, i) => (
            <div class="form__row" key={i}>
              <label class="field">
                <span class="field__label">{tBank('bank.editor.value')}</span>
                <input class="field__input" inputMode="decimal" value={v.value} disabled={ro} onInput={(e) => setValue(i, { value: e.currentTarget.value })} data-testid="editor-value" />
              </label>
              <label class="field">
                <span class="field__label">{tBank('bank.editor.tolerance')}</span>
                <input class="field__input" inputMode="decimal" value={v.tolerance} disabled={ro} onInput={(e) => setValue(i, { tolerance: e.currentTarget.value })} data-testid="editor-tolerance" />
              </label>
            </div>
          ))}
          {!ro && form.values.length < 10 && (
            <button type="button" class="button button--small" onClick={() => updateForm({ values: [...form.values, { value: '', tolerance: '0' }] })}>
              {tBank('bank.editor.addValue')}
            </button>
          )}
          <label class="field">
            <span class="field__label">{tBank('bank.editor.unit')}</span>
            <input class="field__input" value={form.unit} maxLength={20} disabled={ro} onInput={(e) => updateForm({ unit: e.currentTarget.value })} />
          </label>
        </fieldset>
      );
    case 'short_text':
      return (
        <fieldset class="editor__group">
          <label class="field">
            <span class="field__label">{tBank('bank.editor.accepted')}</span>
            <textarea class="field__input" rows={3} value={form.accepted} disabled={ro} onInput={(e) => updateForm({ accepted: e.currentTarget.value })} data-testid="editor-accepted" />
            <span class="muted">{tBank('bank.editor.acceptedHint')}</span>
          </label>
          <label class="check">
            <input type="checkbox" checked={form.caseSensitive} disabled={ro} onChange={(e) => updateForm({ caseSensitive: e.currentTarget.checked })} /> {tBank('bank.editor.caseSensitive')}
          </label>
          <label class="check">
            <input type="checkbox" checked={form.ignoreDiacritics} disabled={ro} onChange={(e) => updateForm({ ignoreDiacritics: e.currentTarget.checked })} /> {tBank('bank.editor.ignoreDiacritics')}
          </label>
        </fieldset>
      );
    case 'essay':
      return <RichTextInput label={tBank('bank.editor.guidance')} value={form.guidance} onInput={(guidance) => updateForm({ guidance })} testId="editor-guidance" disabled={ro} />;
  }
}

function setValue(i: number, change: Partial<EditorForm['values'][number]>): void {
  const f = editor.value;
  if (f) updateForm({ values: f.values.map((v, k) => (k === i ? { ...v, ...change } : v)) });
}

/** A fresh id for a new option or statement: the first letter not used yet. */
function freshId(used: readonly string[], letters: string): string {
  return [...letters].find((l) => !used.includes(l)) ?? `x${used.length}`;
}

function ChoiceFields({ form, readOnly }: { form: EditorForm; readOnly: boolean }) {
  const multiple = form.kind === 'multiple_choice';
  const toggle = (id: string, on: boolean) => updateForm({ correct: multiple ? (on ? [...form.correct, id] : form.correct.filter((c) => c !== id)) : on ? [id] : [] });
  return (
    <fieldset class="editor__group">
      <legend>{tBank('bank.editor.options')}</legend>
      {form.options.map((o, i) => (
        <div class="editor__option" key={o.id}>
          <label class="check editor__correct">
            <input
              type={multiple ? 'checkbox' : 'radio'}
              name="editor-correct"
              checked={form.correct.includes(o.id)}
              disabled={readOnly}
              onChange={(e) => toggle(o.id, e.currentTarget.checked)}
              data-testid="editor-correct"
              data-option-id={o.id}
            />
            <span class="visually-hidden">{tBank('bank.editor.correct')}</span>
          </label>
          <span class="editor__letter">{LETTERS[i]}.</span>
          <input
            class="field__input"
            aria-label={tBank('bank.editor.option', { letter: LETTERS[i] ?? '' })}
            value={o.text}
            disabled={readOnly}
            onInput={(e) => updateForm({ options: form.options.map((x) => (x.id === o.id ? { ...x, text: e.currentTarget.value } : x)) })}
            data-testid="editor-option-text"
            data-option-id={o.id}
          />
          {!readOnly && form.options.length > 2 && (
            <button
              type="button"
              class="button button--small button--ghost editor__remove"
              title={tBank('bank.editor.remove')}
              aria-label={tBank('bank.editor.remove')}
              onClick={() => updateForm({ options: form.options.filter((x) => x.id !== o.id), correct: form.correct.filter((c) => c !== o.id) })}
            >
              ✕
            </button>
          )}
        </div>
      ))}
      {!readOnly && form.options.length < 10 && (
        <button type="button" class="button button--small" onClick={() => updateForm({ options: [...form.options, { id: freshId(form.options.map((o) => o.id), LETTERS), text: '' }] })}>
          {tBank('bank.editor.addOption')}
        </button>
      )}
      <label class="check">
        <input type="checkbox" checked={form.fixedOrder} disabled={readOnly} onChange={(e) => updateForm({ fixedOrder: e.currentTarget.checked })} /> {tBank('bank.editor.fixedOrder')}
      </label>
    </fieldset>
  );
}

function StatementFields({ form, readOnly }: { form: EditorForm; readOnly: boolean }) {
  const set = (id: string, change: Partial<EditorForm['statements'][number]>) => updateForm({ statements: form.statements.map((s) => (s.id === id ? { ...s, ...change } : s)) });
  return (
    <fieldset class="editor__group">
      <legend>{tBank('bank.editor.statements')}</legend>
      {form.statements.map((s, i) => (
        <div class="editor__option" key={s.id}>
          <span class="editor__letter">{String.fromCharCode(97 + i)})</span>
          <input class="field__input" aria-label={tBank('bank.editor.statement', { letter: String.fromCharCode(97 + i) })} value={s.text} disabled={readOnly} onInput={(e) => set(s.id, { text: e.currentTarget.value })} data-testid="editor-statement-text" />
          <span class="editor__truth" role="radiogroup">
            <label class="check">
              <input type="radio" name={`truth-${s.id}`} checked={s.truth === true} disabled={readOnly} onChange={() => set(s.id, { truth: true })} data-testid="editor-truth-true" /> {tBank('bank.editor.true')}
            </label>
            <label class="check">
              <input type="radio" name={`truth-${s.id}`} checked={s.truth === false} disabled={readOnly} onChange={() => set(s.id, { truth: false })} data-testid="editor-truth-false" /> {tBank('bank.editor.false')}
            </label>
          </span>
        </div>
      ))}
      {!readOnly && form.statements.length < 8 && (
        <button type="button" class="button button--small" onClick={() => updateForm({ statements: [...form.statements, { id: freshId(form.statements.map((s) => s.id), 'abcdefgh'), text: '', truth: null }] })}>
          {tBank('bank.editor.addStatement')}
        </button>
      )}
    </fieldset>
  );
}
