/** The accounting of the live quiz bench: what was acknowledged, what was lost, latency percentiles. Pure, unit-tested. */

/** Nearest-rank percentile of `values` (ms), rounded to 0.1 ms; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return Math.round((sorted[rank - 1] as number) * 10) / 10;
}

/** One student's fate in the run. */
export type StudentOutcome =
  | { kind: 'acked'; ackMs: number }
  /** Refused or timed out: the answer did not count. */
  | { kind: 'failed'; error: string }
  /** Never saw the question (no LiveQuizOpened push) or never sent. */
  | { kind: 'silent' };

export interface QuizRunFigures {
  students: number;
  answers: number;
  lost: number;
  ackP50Ms: number | null;
  ackP99Ms: number | null;
  /** The first few errors, for the log. */
  errors: string[];
}

/** Every student who did not get an Ack for an answer is lost: the bench expects all to answer. */
export function figures(outcomes: readonly StudentOutcome[]): QuizRunFigures {
  const acks = outcomes.flatMap((o) => (o.kind === 'acked' ? [o.ackMs] : []));
  const errors = outcomes.flatMap((o) => (o.kind === 'failed' ? [o.error] : []));
  return {
    students: outcomes.length,
    answers: acks.length,
    lost: outcomes.length - acks.length,
    ackP50Ms: percentile(acks, 50),
    ackP99Ms: percentile(acks, 99),
    errors: [...new Set(errors)].slice(0, 5),
  };
}
