import { t } from '../../i18n/index.js';
import { tIssue, tParents } from '../../i18n/parents.js';
import { applyImport, chooseImportFile, importBusy, importError, importFile, importPreview, importResult, previewImport } from '../../state/parents.js';

/** Parent accounts from a CSV file (R20): file, CHECK (row errors by line), IMPORT, the one-time passwords. */
export function ParentImport() {
  const preview = importPreview.value;
  const result = importResult.value;
  return (
    <section class="card card--wide" id="parents" aria-labelledby="parents-import-title" data-testid="parent-import">
      <h2 id="parents-import-title" class="section__title">
        {tParents('import.heading')}
      </h2>
      <p class="muted">{tParents('import.format')}</p>
      <label class="field">
        <span class="field__label">{tParents('import.file')}</span>
        <input
          class="field__input"
          type="file"
          accept=".csv,text/csv,text/plain"
          data-testid="parent-import-file"
          onChange={async (e) => {
            const f = e.currentTarget.files?.[0];
            chooseImportFile(f ? await f.arrayBuffer() : null);
          }}
        />
      </label>
      <div class="form__actions form__actions--row">
        <button type="button" class="button" disabled={!importFile.value || importBusy.value} onClick={() => void previewImport()} data-testid="parent-import-preview">
          {tParents('import.preview')}
        </button>
        <button type="button" class="button button--primary" disabled={!preview?.ok || importBusy.value} onClick={() => void applyImport()} data-testid="parent-import-apply">
          {tParents('import.apply')}
        </button>
      </div>
      {importBusy.value && (
        <p class="muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {importError.value && (
        <p class="alert alert--error" role="alert">
          {importError.value}
        </p>
      )}
      {preview && (
        <>
          <p>{tParents('import.rows', { count: preview.rows.length })}</p>
          {preview.issues.length > 0 && (
            <div class="table-wrap">
              <table class="table table--issues" data-testid="parent-import-issues">
                <caption>{tParents('import.issues')}</caption>
                <tbody>
                  {preview.issues.map((i, n) => (
                    <tr key={n} data-code={i.code}>
                      <td>{tParents('import.line', { line: i.line })}</td>
                      <td>{i.column ?? ''}</td>
                      <td>{tIssue(i.code)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <ul class="plain-list small">
            {preview.rows.map((r) => (
              <li key={r.line}>
                {r.displayName} ({r.username}): {r.childCodes.join(', ')} — {tParents(`import.action.${r.action}`)}
              </li>
            ))}
          </ul>
        </>
      )}
      {result && (
        <div data-testid="parent-import-result">
          <p class="alert">{tParents('import.done', { created: result.created.length, linked: result.linked, unchanged: result.unchanged })}</p>
          {result.created.length > 0 && (
            <>
              <p>{tParents('import.passwords')}</p>
              <table class="table">
                <tbody>
                  {result.created.map((c) => (
                    <tr key={c.userId}>
                      <td>{c.displayName}</td>
                      <td>{c.username}</td>
                      <td>
                        <code>{c.initialPassword}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}
    </section>
  );
}
