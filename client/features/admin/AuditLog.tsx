import { useEffect } from 'preact/hooks';
import { formatDateTime, t } from '../../i18n/index.js';
import { tAdmin } from '../../i18n/admin.js';
import type { AccessLogEntry, AuditLogName, LoginLogEntry } from '../../net/apiAudit.js';
import { auditError, auditLoading, auditLog, auditPage, loadAudit } from '../../state/privacy.js';

const LOGS: readonly AuditLogName[] = ['logins', 'access'];
type Translate = Parameters<typeof tAdmin>[0];

/** A translated label for a server value, or the value itself when this client does not know it. */
function label(prefix: 'audit.kind' | 'audit.action', value: string): string {
  const key = `${prefix}.${value}` as Translate;
  const text = tAdmin(key);
  return text === undefined || text === key ? value : text;
}

/** The two security logs (R3 sign-ins, R21 accesses to personal data), newest first. */
export function AuditLog() {
  useEffect(() => {
    void loadAudit();
  }, []);
  const page = auditPage.value;
  return (
    <section class="card card--wide" id="audit" aria-labelledby="audit-title" data-testid="admin-audit">
      <h2 id="audit-title" class="section__title">
        {tAdmin('audit.heading')}
      </h2>
      <div class="inline-form inline-form--end">
        <label class="field">
          <span class="field__label">{tAdmin('audit.log')}</span>
          <select class="field__input" value={auditLog.value} onChange={(e) => void loadAudit(e.currentTarget.value as AuditLogName)} data-testid="audit-log">
            {LOGS.map((l) => (
              <option key={l} value={l}>
                {tAdmin(`audit.log.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" class="button button--small" onClick={() => void loadAudit()} disabled={auditLoading.value}>
          {tAdmin('audit.refresh')}
        </button>
      </div>
      {auditError.value && <p class="alert alert--error">{auditError.value}</p>}
      {auditLoading.value && !page && <p class="muted">{t('common.loading')}</p>}
      {page && page.entries.length === 0 && <p class="muted">{tAdmin('audit.none')}</p>}
      {page && page.entries.length > 0 && (
        <div class="table-wrap">
          {page.log === 'logins' ? <LoginTable entries={page.entries} /> : <AccessTable entries={page.entries} />}
        </div>
      )}
    </section>
  );
}

function LoginTable({ entries }: { entries: LoginLogEntry[] }) {
  return (
    <table class="table">
      <thead>
        <tr>
          <th>{tAdmin('audit.at')}</th>
          <th>{tAdmin('audit.who')}</th>
          <th>{tAdmin('audit.event')}</th>
          <th>{tAdmin('audit.ip')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e, i) => (
          <tr key={`${e.at}-${i}`} data-testid="audit-entry" data-kind={e.kind}>
            <td class="mono">{formatDateTime(e.at)}</td>
            <td>{e.userName ?? tAdmin('audit.unknown', { login: e.login ?? '' })}</td>
            <td>{label('audit.kind', e.kind)}</td>
            <td class="mono">{e.ip ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AccessTable({ entries }: { entries: AccessLogEntry[] }) {
  return (
    <table class="table">
      <thead>
        <tr>
          <th>{tAdmin('audit.at')}</th>
          <th>{tAdmin('audit.actor')}</th>
          <th>{tAdmin('audit.action')}</th>
          <th>{tAdmin('audit.subject')}</th>
          <th>{tAdmin('audit.resource')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e, i) => (
          <tr key={`${e.at}-${i}`} data-testid="audit-entry" data-action={e.action}>
            <td class="mono">{formatDateTime(e.at)}</td>
            <td>{e.actorName ?? ''}</td>
            <td>{label('audit.action', e.action)}</td>
            <td>{e.subjectUserId === null ? '' : (e.subjectName ?? tAdmin('audit.erased'))}</td>
            <td class="mono">{e.resource}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
