import { tAdmin } from '../../i18n/admin.js';
import type { RosterIssue, RosterPreview } from '../../net/index.js';
import { sortedIssues } from '../../state/roster.js';

/**
 * What a roster file would do: the counts, each valid row's planned action, and every problem
 * with its line, column and reason in the admin's language. Nothing is imported until APPLY.
 */
export function RosterPreviewView({ preview }: { preview: RosterPreview }) {
  const issues = sortedIssues(preview.issues);
  return (
    <div class="roster-preview" data-testid="roster-preview-result" data-ok={preview.ok ? 'true' : 'false'}>
      <p class="roster-preview__counts" data-testid="roster-counts">
        {tAdmin('roster.counts', { create: preview.counts.create, update: preview.counts.update, unchanged: preview.counts.unchanged })}
      </p>
      {preview.ignoredColumns.length > 0 && <p class="muted">{tAdmin('roster.ignored', { columns: preview.ignoredColumns.join(', ') })}</p>}
      {issues.length > 0 && <IssueTable issues={issues} />}
      {preview.rows.length > 0 && (
        <div class="table-wrap">
          <table class="table">
            <caption>{tAdmin('roster.rows')}</caption>
            <thead>
              <tr>
                <th class="num">{tAdmin('roster.line')}</th>
                <th>{tAdmin('roster.code')}</th>
                <th>{tAdmin('roster.name')}</th>
                <th>{preview.kind === 'students' ? tAdmin('roster.class') : tAdmin('roster.assignments')}</th>
                <th>{tAdmin('roster.action')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr key={r.line} data-testid="roster-row" data-line={r.line} data-action={r.action}>
                  <td class="num">{r.line}</td>
                  <td class="mono">{r.code}</td>
                  <td>{r.displayName}</td>
                  <td>{preview.kind === 'students' ? (r.className ?? '') : r.assignments.map((a) => `${a.className}: ${a.subjectName}`).join(', ')}</td>
                  <td>
                    <span class={`status status--${r.action}`}>{tAdmin(`roster.action.${r.action}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function IssueTable({ issues }: { issues: readonly RosterIssue[] }) {
  return (
    <div class="table-wrap">
      <table class="table table--issues">
        <caption>{tAdmin('roster.issues', { count: issues.length })}</caption>
        <thead>
          <tr>
            <th class="num">{tAdmin('roster.line')}</th>
            <th>{tAdmin('roster.column')}</th>
            <th>{tAdmin('roster.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((i, n) => (
            <tr key={`${i.line}:${i.column ?? ''}:${i.code}:${n}`} data-testid="roster-issue" data-line={i.line} data-code={i.code}>
              <td class="num">{i.line}</td>
              <td>{i.column ?? tAdmin('roster.wholeRow')}</td>
              <td>{i.code === 'UNKNOWN' ? i.message : tAdmin(`roster.issue.${i.code}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
