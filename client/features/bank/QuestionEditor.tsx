import { t } from '../../i18n/index.js';
import { tBank } from '../../i18n/bank.js';
import { COGNITIVE_LEVELS, QUESTION_KINDS, type CognitiveLevel, type QuestionKind } from '../../net/bankApi.js';
import { authorSubjects, bankMeta } from '../../state/bank.js';
import { closeEditor, editor, editorBusy, editorProblem, editorSaved, editorWarnings, newForm, previewQuestion, saveEditor, updateForm, type EditorForm } from '../../state/bankEditor.js';
import { KeyFields } from './KeyFields.js';
import { QuestionView } from './QuestionView.js';
import { RichTextInput } from './RichTextInput.js';

const GRADES = Array.from({ length: 12 }, (_, i) => String(i + 1));

/**
 * Writing or editing one question, with a live preview beside it (below it on a phone):
 * formulas rendered by KaTeX as they are typed.
 */
export function QuestionEditor() {
  const form = editor.value;
  if (!form) return null;
  const ro = !form.canManage;
  const mode = form.id === null ? 'new' : ro ? 'view' : 'edit';
  const subjects = authorSubjects();
  return (
    <section class="card card--wide editor" aria-labelledby="editor-title" data-testid="bank-editor" data-mode={mode}>
      <div class="card__top">
        <h2 id="editor-title" class="section__title">
          {tBank(mode === 'new' ? 'bank.editor.new' : mode === 'edit' ? 'bank.editor.edit' : 'bank.editor.view')}
        </h2>
        <button type="button" class="button button--small" onClick={closeEditor} data-testid="editor-close">
          {tBank('bank.editor.close')}
        </button>
      </div>
      {ro && <p class="alert alert--warn">{tBank('bank.editor.readOnly')}</p>}
      <div class="editor__columns">
        <form
          class="editor__form"
          onSubmit={(e) => {
            e.preventDefault();
            void saveEditor();
          }}
        >
          {mode === 'new' && (
            <div class="form__row">
              <label class="field">
                <span class="field__label">{tBank('bank.editor.kind')}</span>
                <select class="field__input" value={form.kind} onChange={(e) => changeKind(form, e.currentTarget.value as QuestionKind)} data-testid="editor-kind">
                  {QUESTION_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {tBank(`bank.kind.${k}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label class="field">
                <span class="field__label">{tBank('bank.editor.subject')}</span>
                <select class="field__input" value={form.subjectId} onChange={(e) => updateForm({ subjectId: e.currentTarget.value })} data-testid="editor-subject">
                  {subjects.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          )}
          <RichTextInput label={tBank('bank.editor.stem')} value={form.stem} onInput={(stem) => updateForm({ stem })} rows={4} testId="editor-stem" hint={tBank('bank.editor.stemHint')} images disabled={ro} />
          <KeyFields form={form} />
          <RichTextInput label={tBank('bank.editor.explanation')} value={form.explanation} onInput={(explanation) => updateForm({ explanation })} testId="editor-explanation" images disabled={ro} />
          <Tags form={form} readOnly={ro} />
          {mode === 'edit' && (
            <label class="field">
              <span class="field__label">{tBank('bank.editor.note')}</span>
              <input class="field__input" maxLength={200} value={form.note} onInput={(e) => updateForm({ note: e.currentTarget.value })} data-testid="editor-note" />
            </label>
          )}
          <Feedback />
          {!ro && (
            <div class="form__actions">
              <button type="submit" class="button button--primary" disabled={editorBusy.value || !form.subjectId} data-testid="editor-save">
                {editorBusy.value ? t('common.loading') : tBank('bank.editor.save')}
              </button>
            </div>
          )}
        </form>
        <div class="editor__preview" aria-live="polite">
          <h3 class="editor__preview-title">{tBank('bank.editor.preview')}</h3>
          <div data-testid="editor-preview">
            <QuestionView question={previewQuestion(form)} />
          </div>
        </div>
      </div>
    </section>
  );
}

function changeKind(form: EditorForm, kind: QuestionKind): void {
  const fresh = newForm(kind, form.subjectId);
  updateForm({ kind, options: fresh.options, statements: fresh.statements, correct: [], values: fresh.values });
}

function Tags({ form, readOnly }: { form: EditorForm; readOnly: boolean }) {
  return (
    <fieldset class="editor__group">
      <legend>{tBank('bank.editor.tags')}</legend>
      <div class="form__row">
        <label class="field">
          <span class="field__label">{tBank('bank.filter.grade')}</span>
          <select class="field__input" value={form.gradeLevel} disabled={readOnly} onChange={(e) => updateForm({ gradeLevel: e.currentTarget.value })} data-testid="editor-grade">
            <option value="">—</option>
            {GRADES.map((g) => (
              <option key={g} value={g}>
                {tBank('bank.grade', { n: g })}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field__label">{tBank('bank.editor.topic')}</span>
          <input class="field__input" list="bank-topics" maxLength={100} value={form.topic} disabled={readOnly} onInput={(e) => updateForm({ topic: e.currentTarget.value })} data-testid="editor-topic" />
          <datalist id="bank-topics">
            {(bankMeta.value?.topics ?? []).map((topic) => (
              <option key={topic} value={topic} />
            ))}
          </datalist>
        </label>
        <label class="field">
          <span class="field__label">{tBank('bank.filter.level')}</span>
          <select class="field__input" value={form.level} disabled={readOnly} onChange={(e) => updateForm({ level: e.currentTarget.value as CognitiveLevel | '' })} data-testid="editor-level">
            <option value="">—</option>
            {COGNITIVE_LEVELS.map((l) => (
              <option key={l} value={l}>
                {tBank(`bank.level.${l}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label class="check">
        <input type="checkbox" checked={form.shared} disabled={readOnly} onChange={(e) => updateForm({ shared: e.currentTarget.checked })} data-testid="editor-shared" /> {tBank('bank.editor.share')}
      </label>
    </fieldset>
  );
}

function Feedback() {
  const problem = editorProblem.value;
  return (
    <>
      {editorSaved.value !== null && (
        <p class="alert alert--ok" role="status" data-testid="editor-saved">
          {tBank('bank.editor.saved', { version: editorSaved.value })}
        </p>
      )}
      {editorWarnings.value.length > 0 && (
        <ul class="alert alert--warn" data-testid="editor-warnings">
          {editorWarnings.value.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {problem && (
        <div class="alert alert--error" role="alert" data-testid="editor-problem">
          <p>{problem.message}</p>
          {problem.issues.length > 0 && (
            <ul>
              {problem.issues.map((i, k) => (
                <li key={k}>
                  {i.text} <span class="muted mono">{i.path}</span>
                </li>
              ))}
            </ul>
          )}
          {problem.detail && <p class="alert__detail">{t('common.serverSaid', { detail: problem.detail })}</p>}
        </div>
      )}
    </>
  );
}
