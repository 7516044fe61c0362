import { formatDateTime } from '../../i18n/index.js';
import { tWork } from '../../i18n/work.js';
import type { SubmissionStateJson } from '../../net/apiWork.js';

/** "7,5" from tenths; "" for none. */
export function score(tenths: number | null | undefined): string {
  if (tenths === null || tenths === undefined) return '';
  return tenths % 10 === 0 ? String(tenths / 10) : `${Math.floor(tenths / 10)},${tenths % 10}`;
}

/** "7,5" / "7.5" / "10" → tenths, as the server parses a score; null for anything else. */
export function parseTenths(text: string): number | null {
  const m = /^(\d{1,2})(?:[.,](\d))?$/.exec(text.trim());
  if (!m) return null;
  const tenths = Number(m[1]) * 10 + Number(m[2] ?? 0);
  return tenths <= 100 ? tenths : null;
}

export function StateBadge({ state }: { state: SubmissionStateJson }) {
  return (
    <span class={`badge badge--${state}`} data-testid="work-state" data-state={state}>
      {tWork(`work.state.${state}`)}
    </span>
  );
}

export function Due({ at }: { at: number }) {
  return <span class="muted">{tWork('work.due', { when: formatDateTime(at) })}</span>;
}

/** Text as text: line breaks kept, nothing ever parsed as HTML. */
export function PlainText({ text, testId }: { text: string; testId?: string }) {
  return (
    <div class="plain-text" data-testid={testId}>
      {text.split('\n').map((line, i) => (
        <p key={i}>{line || '\u00a0'}</p>
      ))}
    </div>
  );
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
