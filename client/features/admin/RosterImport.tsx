import { t } from '../../i18n/index.js';
import { tAdmin } from '../../i18n/admin.js';
import type { RosterKind } from '../../net/index.js';
import {
  applyRoster,
  chooseRosterFile,
  chooseRosterKind,
  createdAccountsCsv,
  previewRoster,
  rosterBusy,
  rosterError,
  rosterFile,
  rosterKind,
  rosterPreview,
  rosterResult,
} from '../../state/roster.js';
import { RosterPreviewView } from './RosterPreviewView.js';

/** Roster import (R18): kind, CSV file, PREVIEW, APPLY, and the one-time passwords. */
export function RosterImport() {
  const preview = rosterPreview.value;
  const result = rosterResult.value;
  const onFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    chooseRosterFile(file ? { name: file.name, bytes: await file.arrayBuffer() } : null);
  };
  return (
    <section class="card card--wide" id="roster" aria-labelledby="roster-title" data-testid="admin-roster">
      <h2 id="roster-title" class="section__title">
        {tAdmin('roster.heading')}
      </h2>
      <p class="muted">{rosterKind.value === 'students' ? tAdmin('roster.formatStudents') : tAdmin('roster.formatTeachers')}</p>
      <div class="form__row">
        <label class="field">
          <span class="field__label">{tAdmin('roster.kind')}</span>
          <select class="field__input" value={rosterKind.value} onChange={(e) => chooseRosterKind(e.currentTarget.value as RosterKind)} data-testid="roster-kind">
            <option value="students">{tAdmin('roster.kind.students')}</option>
            <option value="teachers">{tAdmin('roster.kind.teachers')}</option>
          </select>
        </label>
        <label class="field">
          <span class="field__label">{tAdmin('roster.file')}</span>
          <input class="field__input" type="file" accept=".csv,text/csv,text/plain" onChange={(e) => void onFile(e.currentTarget)} data-testid="roster-file" />
        </label>
      </div>
      <div class="form__actions form__actions--row">
        <button type="button" class="button" disabled={!rosterFile.value || rosterBusy.value} onClick={() => void previewRoster()} data-testid="roster-preview">
          {tAdmin('roster.preview')}
        </button>
        <button type="button" class="button button--primary" disabled={!preview?.ok || rosterBusy.value} onClick={() => void applyRoster()} data-testid="roster-apply">
          {tAdmin('roster.apply')}
        </button>
      </div>
      {rosterBusy.value && <p class="muted" role="status">{t('common.loading')}</p>}
      {rosterError.value && (
        <p class="alert alert--error" role="alert" data-testid="roster-error">
          {rosterError.value}
        </p>
      )}
      {preview && <RosterPreviewView preview={preview} />}
      {result && <RosterResultView />}
    </section>
  );
}

function RosterResultView() {
  const result = rosterResult.value;
  if (!result) return null;
  const download = () => {
    const blob = new Blob([createdAccountsCsv(result.created)], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = tAdmin(result.kind === 'students' ? 'roster.csv.fileStudents' : 'roster.csv.fileTeachers');
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  };
  return (
    <div class="roster-result" data-testid="roster-result">
      <p class="alert alert--ok" role="status">
        {tAdmin('roster.applied', { created: result.created.length, updated: result.updated, unchanged: result.unchanged })}
      </p>
      {result.created.length > 0 && (
        <>
          <p class="alert alert--warn">{tAdmin('roster.passwordsOnce')}</p>
          <button type="button" class="button button--primary" onClick={download} data-testid="roster-download">
            {tAdmin('roster.download')}
          </button>
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th>{tAdmin('roster.code')}</th>
                  <th>{tAdmin('roster.name')}</th>
                  <th>{tAdmin('roster.initialPassword')}</th>
                </tr>
              </thead>
              <tbody>
                {result.created.map((c) => (
                  <tr key={c.userId} data-testid="roster-created" data-code={c.code ?? ''} data-user-id={c.userId}>
                    <td class="mono">{c.code ?? c.username}</td>
                    <td>{c.displayName}</td>
                    <td class="mono" data-testid="roster-created-password">
                      {c.initialPassword}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
