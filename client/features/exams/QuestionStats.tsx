import { tBank } from '../../i18n/bank.js';
import { tExam } from '../../i18n/exam.js';
import type { StatisticsResponse } from '../../net/examApi.js';
import type { PaperEntry } from '../../state/examReport.js';

type Stat = StatisticsResponse['questions'][number];

const pct = (share: number) => `${Math.round(share * 100)} %`;
const dec = (x: number) => String(x).replace('.', ',');

/** The option ids (choice questions) the key marks right. */
function keyChoices(entry: PaperEntry | undefined): string[] {
  const key = entry?.question.key;
  if (key?.kind === 'single_choice') return [key.correct];
  if (key?.kind === 'multiple_choice') return key.correct;
  return [];
}

/** The options in the paper's order, each with how often it was chosen; the key starred. */
function Choices({ stat, entry }: { stat: Stat; entry: PaperEntry | undefined }) {
  const body = entry?.question.body;
  if (!body || (body.kind !== 'single_choice' && body.kind !== 'multiple_choice')) return <span class="muted">–</span>;
  const right = keyChoices(entry);
  return (
    <span class="stats__choices">
      {body.options.map((o) => (
        <span key={o.id} class={right.includes(o.id) ? 'stats__choice stats__choice--key' : 'stats__choice'} data-testid="stats-choice" data-option={o.id} data-key={right.includes(o.id) ? 'yes' : 'no'}>
          {o.id}
          {right.includes(o.id) ? '★' : ''}: {stat.choiceCounts[o.id] ?? 0}
        </span>
      ))}
    </span>
  );
}

/**
 * Per-question statistics (R15) as a table: share right, mean share of points, how often each
 * option was chosen (the distractors' pull, the key starred), discrimination; `onChangeKey`
 * opens the key change of a question that has a key (not essays).
 */
export function QuestionStatsTable({ stats, onChangeKey }: { stats: StatisticsResponse; onChangeKey: (questionId: string) => void }) {
  const paper = new Map(stats.paper.map((p) => [p.questionId, p]));
  return (
    <div class="table-wrap">
      <table class="table stats" data-testid="stats-table">
        <thead>
          <tr>
            <th>{tExam('report.q')}</th>
            <th>{tExam('report.kind')}</th>
            <th>{tExam('report.points')}</th>
            <th>{tExam('report.papers')}</th>
            <th>{tExam('report.answered')}</th>
            <th>{tExam('report.shareRight')}</th>
            <th>{tExam('report.meanShare')}</th>
            <th>{tExam('report.choices')}</th>
            <th title={tExam('report.discriminationHint')}>{tExam('report.discrimination')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {stats.questions.map((s, i) => {
            const entry = paper.get(s.questionId);
            return (
              <tr key={s.questionId} data-testid="stats-row" data-question={s.questionId}>
                <td>
                  {entry?.position ?? i + 1} <span class="muted">({tExam('report.version', { v: s.version })})</span>
                </td>
                <td>{tBank(`bank.kind.${s.kind}`)}</td>
                <td>{entry ? dec(entry.points) : ''}</td>
                <td>{s.attempts}</td>
                <td>{s.answered}</td>
                <td data-testid="stats-share">{pct(s.shareCorrect)}</td>
                <td>{pct(s.meanShare)}</td>
                <td>
                  <Choices stat={s} entry={entry} />
                </td>
                <td title={tExam('report.discriminationHint')} data-testid="stats-discrimination">
                  {s.discrimination === null ? '–' : dec(s.discrimination)}
                </td>
                <td>
                  {s.kind !== 'essay' && (
                    <button type="button" class="button button--small" data-testid="stats-change-key" onClick={() => onChangeKey(s.questionId)}>
                      {tExam('report.changeKey')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const W = 320;
const ROW = 22;
const LEFT = 44;
const RIGHT = 40;

/**
 * Share right per question as horizontal bars, drawn as SVG like the student's ProgressChart
 * (the client has no chart library; a bar per question needs none), readable on a 360-px phone,
 * with each bar's value in text for screen readers.
 */
export function QuestionStatsChart({ stats }: { stats: StatisticsResponse }) {
  if (stats.questions.length === 0) return null;
  const H = stats.questions.length * ROW + 20;
  const bar = (share: number) => Math.max(0, Math.min(1, share)) * (W - LEFT - RIGHT);
  return (
    <figure class="stats-chart" data-testid="stats-chart">
      <figcaption>{tExam('report.chart')}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={tExam('report.chart')}>
        {[0, 0.5, 1].map((x) => (
          <g key={x}>
            <line x1={LEFT + bar(x)} x2={LEFT + bar(x)} y1={0} y2={H - 14} class="progress__grid" />
            <text x={LEFT + bar(x) - 8} y={H - 2} class="progress__label">
              {x * 100}
            </text>
          </g>
        ))}
        {stats.questions.map((s, i) => (
          <g key={s.questionId} data-testid="stats-bar" data-share={Math.round(s.shareCorrect * 100)}>
            <text x={4} y={i * ROW + 15} class="progress__label">
              {`${tExam('report.q')} ${i + 1}`}
            </text>
            <rect x={LEFT} y={i * ROW + 4} width={bar(s.shareCorrect)} height={ROW - 8} class="stats-chart__bar">
              <title>{`${tExam('report.q')} ${i + 1}: ${pct(s.shareCorrect)}`}</title>
            </rect>
            <text x={LEFT + bar(s.shareCorrect) + 4} y={i * ROW + 15} class="progress__label">
              {pct(s.shareCorrect)}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
