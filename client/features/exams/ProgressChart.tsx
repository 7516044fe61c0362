import { formatDay } from '../../i18n/index.js';
import { tExam } from '../../i18n/exam.js';

export interface ScorePoint {
  at: number;
  score10: number;
  title: string;
}

const W = 320;
const H = 140;
const PAD = 24;

/**
 * The student's released scores over the term (R14), oldest first, on the 10-point scale: an SVG
 * line that fits a 360-px phone, with each point's title and date for screen readers.
 */
export function ProgressChart({ points }: { points: readonly ScorePoint[] }) {
  if (points.length === 0) return null;
  const sorted = [...points].sort((a, b) => a.at - b.at);
  const x = (i: number) => (sorted.length === 1 ? W / 2 : PAD + (i * (W - 2 * PAD)) / (sorted.length - 1));
  const y = (s: number) => H - PAD - (s / 10) * (H - 2 * PAD);
  const path = sorted.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.score10).toFixed(1)}`).join(' ');
  return (
    <figure class="progress" data-testid="progress-chart">
      <figcaption>{tExam('progress.heading')}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={tExam('progress.heading')}>
        {[0, 5, 10].map((s) => (
          <g key={s}>
            <line x1={PAD} x2={W - PAD / 2} y1={y(s)} y2={y(s)} class="progress__grid" />
            <text x={4} y={y(s) + 4} class="progress__label">
              {s}
            </text>
          </g>
        ))}
        <path d={path} class="progress__line" fill="none" />
        {sorted.map((p, i) => (
          <circle key={i} cx={x(i)} cy={y(p.score10)} r={4} class="progress__dot" data-testid="progress-point">
            <title>{`${p.title} — ${formatDay(p.at)}: ${String(p.score10).replace('.', ',')}`}</title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}
