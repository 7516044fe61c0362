import { t } from '../../i18n/index.js';
import { tBank, tBankCode } from '../../i18n/bank.js';
import { COGNITIVE_LEVELS, type CognitiveLevel, type ImportFormat, type ImportPreviewResponse } from '../../net/bankApi.js';
import { authorSubjects } from '../../state/bank.js';
import { applyImport, chooseImportFile, importBusy, importError, importFile, importForm, importPreview, importResult, previewImport, updateImportForm } from '../../state/bankImport.js';
import { QuestionView } from './QuestionView.js';

const FORMATS: readonly ImportFormat[] = ['docx', 'gift', 'aiken'];
const ACCEPT: Record<ImportFormat, string> = { docx: '.docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document', gift: '.txt,.gift,text/plain', aiken: '.txt,text/plain' };

/** Import from a file: format, subject, file, PREVIEW question by question, then APPLY. */
export function ImportPanel() {
  const form = importForm.value;
  const preview = importPreview.value;
  const subjects = authorSubjects();
  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    chooseImportFile(file ? { name: file.name, bytes: await file.arrayBuffer() } : null);
  };
  return (
    <section class="card card--wide" aria-labelledby="import-title" data-testid="bank-import">
      <h2 id="import-title" class="section__title">
        {tBank('bank.import.heading')}
      </h2>
      <div class="form__row">
        <label class="field">
          <span class="field__label">{tBank('bank.import.format')}</span>
          <select class="field__input" value={form.format} onChange={(e) => updateImportForm({ format: e.currentTarget.value as ImportFormat })} data-testid="import-format">
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {tBank(`bank.import.format.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field__label">{tBank('bank.import.subject')}</span>
          <select class="field__input" value={form.subjectId || subjects[0]?.id || ''} onChange={(e) => updateImportForm({ subjectId: e.currentTarget.value })} data-testid="import-subject">
            {subjects.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field__label">{tBank('bank.import.file')}</span>
          <input class="field__input" type="file" accept={ACCEPT[form.format]} onChange={(e) => void onFile(e.currentTarget)} data-testid="import-file" />
        </label>
      </div>
      <p class="muted import__hint">{tBank(`bank.import.hint.${form.format}`)}</p>
      <div class="form__actions form__actions--row">
        <button type="button" class="button" disabled={!importFile.value || importBusy.value} onClick={() => void previewImport()} data-testid="import-preview-button">
          {tBank('bank.import.preview')}
        </button>
      </div>
      {importBusy.value && <p class="muted" role="status">{t('common.loading')}</p>}
      {importError.value && (
        <p class="alert alert--error" role="alert" data-testid="import-error">
          {importError.value}
        </p>
      )}
      {importResult.value && (
        <div class="alert alert--ok" role="status" data-testid="import-result" data-created={importResult.value.created.length}>
          <p>{tBank('bank.import.done', { count: importResult.value.created.length })}</p>
          {importResult.value.skipped.length > 0 && <p>{tBank('bank.import.skipped', { count: importResult.value.skipped.length })}</p>}
        </div>
      )}
      {preview && <PreviewView preview={preview} />}
    </section>
  );
}

function issueText(issue: ImportPreviewResponse['fileIssues'][number]): string {
  const base = tBankCode('bank.importIssue', issue.code, 'bank.importIssue.UNKNOWN');
  return issue.code === 'INVALID' && issue.questionCode ? `${base} ${tBankCode('bank.issue', issue.questionCode, 'bank.issue.UNKNOWN')}` : base;
}

function PreviewView({ preview }: { preview: ImportPreviewResponse }) {
  const form = importForm.value;
  const { counts } = preview;
  const at = (line: number) => tBank(preview.format === 'docx' ? 'bank.import.atParagraph' : 'bank.import.at', { line });
  return (
    <div class="import-preview" data-testid="import-preview" data-ok={String(preview.ok)}>
      {preview.fileIssues.length > 0 && (
        <div class="alert alert--error" role="alert">
          <p>{tBank('bank.import.fileProblem')}</p>
          <ul>
            {preview.fileIssues.map((i, k) => (
              <li key={k} data-testid="import-file-issue" data-code={i.code}>
                {issueText(i)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p class="import-preview__counts" data-testid="import-counts">
        {tBank('bank.import.counts', { total: counts.total, ok: counts.ok, warnings: counts.withWarnings, failed: counts.failed })}
      </p>
      <ol class="import-items">
        {preview.items.map((item) => (
          <li key={item.index} class={item.ok ? 'card import-item' : 'card import-item import-item--failed'} data-testid="import-item" data-index={item.index} data-ok={String(item.ok)}>
            <p class="import-item__head">
              <strong>{item.label ?? `#${item.index}`}</strong> <span class="muted">{at(item.line)}</span>{' '}
              <span class={item.ok ? (item.issues.length > 0 ? 'chip chip--warn' : 'chip chip--ok') : 'chip chip--error'}>
                {item.ok ? (item.issues.length > 0 ? tBank('bank.import.warn') : tBank('bank.import.ok')) : tBank('bank.import.failed')}
              </span>
              {item.question && <span class="chip chip--kind">{tBank(`bank.kind.${item.question.body.kind}`)}</span>}
              {item.level && <span class="chip chip--level">{tBank(`bank.level.${item.level}`)}</span>}
              {item.imageCount > 0 && <span class="chip">{tBank('bank.import.images', { count: item.imageCount })}</span>}
            </p>
            {item.question ? <QuestionView question={item.question} imageUrl={() => null} /> : <p class="import-item__excerpt">{item.excerpt}</p>}
            {item.issues.length > 0 && (
              <ul class="import-item__issues">
                {item.issues.map((i, k) => (
                  <li key={k} class={i.severity === 'error' ? 'issue issue--error' : 'issue issue--warn'} data-testid="import-issue" data-code={i.code} data-severity={i.severity}>
                    {issueText(i)}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      <fieldset class="editor__group">
        <legend>{tBank('bank.import.defaults')}</legend>
        <div class="form__row">
          <label class="field">
            <span class="field__label">{tBank('bank.filter.grade')}</span>
            <select class="field__input" value={form.gradeLevel} onChange={(e) => updateImportForm({ gradeLevel: e.currentTarget.value })} data-testid="import-grade">
              <option value="">—</option>
              {Array.from({ length: 12 }, (_, i) => String(i + 1)).map((g) => (
                <option key={g} value={g}>
                  {tBank('bank.grade', { n: g })}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span class="field__label">{tBank('bank.editor.topic')}</span>
            <input class="field__input" maxLength={100} value={form.topic} onInput={(e) => updateImportForm({ topic: e.currentTarget.value })} data-testid="import-topic" />
          </label>
          <label class="field">
            <span class="field__label">{tBank('bank.filter.level')}</span>
            <select class="field__input" value={form.level} onChange={(e) => updateImportForm({ level: e.currentTarget.value as CognitiveLevel | '' })}>
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
          <input type="checkbox" checked={form.shared} onChange={(e) => updateImportForm({ shared: e.currentTarget.checked })} data-testid="import-shared" /> {tBank('bank.editor.share')}
        </label>
      </fieldset>
      <div class="form__actions form__actions--row">
        <button type="button" class="button button--primary" disabled={!preview.ok || importBusy.value} onClick={() => void applyImport(false)} data-testid="import-apply">
          {tBank('bank.import.apply')}
        </button>
        {!preview.ok && counts.ok + counts.withWarnings > 0 && preview.fileIssues.length === 0 && (
          <button type="button" class="button" disabled={importBusy.value} onClick={() => void applyImport(true)} data-testid="import-apply-valid">
            {tBank('bank.import.applyValid', { count: counts.ok + counts.withWarnings })}
          </button>
        )}
      </div>
    </div>
  );
}
