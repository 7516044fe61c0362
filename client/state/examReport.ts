import { batch, signal } from '@preact/signals';
import { bankSchemas, parser, type AnswerKeyDto } from '../net/bankApi.js';
import { examSchemas, parse, type ExamResultsResponse, type StatisticsResponse, type TrailResponse } from '../net/examApi.js';
import { api, describeApiError, serverDetail } from './api.js';

/**
 * The teacher's results page of one quiz or exam: per-question statistics with the paper, every
 * student's attempts, the regrades as recorded; one attempt's audit trail; and changing a key
 * then regrading (a new bank version with the new key, then the regrade that grades with it).
 */

export type PaperEntry = StatisticsResponse['paper'][number];

export const statistics = signal<StatisticsResponse | null>(null);
export const examReport = signal<ExamResultsResponse | null>(null);
export const reportError = signal<string | null>(null);
export const trail = signal<TrailResponse | null>(null);
/** The outcome of the last regrade: how many scores moved. */
export const lastRegrade = signal<{ questionId: string; changed: number } | null>(null);

const enc = encodeURIComponent;
const failed = (error: unknown) => {
  const detail = serverDetail(error);
  reportError.value = detail ? `${describeApiError(error)} (${detail})` : describeApiError(error);
};

export async function loadReport(examId: string): Promise<void> {
  try {
    const [s, r] = await Promise.all([
      api().get(`/api/exams/${enc(examId)}/statistics`, parse(examSchemas.statisticsResponse)),
      api().get(`/api/exams/${enc(examId)}/results`, parse(examSchemas.examResultsResponse)),
    ]);
    batch(() => {
      statistics.value = s;
      examReport.value = r;
      reportError.value = null;
    });
  } catch (error) {
    failed(error);
  }
}

export function resetReport(): void {
  batch(() => {
    statistics.value = null;
    examReport.value = null;
    reportError.value = null;
    trail.value = null;
    lastRegrade.value = null;
  });
}

export async function loadTrail(attemptId: string): Promise<void> {
  try {
    trail.value = await api().get(`/api/exam-attempts/${enc(attemptId)}/trail`, parse(examSchemas.trailResponse));
    reportError.value = null;
  } catch (error) {
    failed(error);
  }
}

/** The reasons a key change is refused before anything is sent. */
export type KeyProblem = 'unchanged' | 'bankMoved';

/**
 * Stores `key` as a new version of the question in the bank (with the body the students saw),
 * then regrades the exam with it, and reloads the page's data. Refused when the key is the one
 * the exam grades with, or when the bank's question was edited since (its newest body is not
 * the one on the paper): the teacher regrades with that version instead (`regradeWith`).
 */
export async function changeKey(examId: string, entry: PaperEntry, key: AnswerKeyDto, note: string): Promise<KeyProblem | boolean> {
  if (JSON.stringify(key) === JSON.stringify(entry.question.key)) return 'unchanged';
  try {
    const current = await api().get(`/api/bank/questions/${enc(entry.questionId)}`, parser(bankSchemas.questionResponse));
    if (JSON.stringify(current.question.question.body) !== JSON.stringify(entry.question.body)) return 'bankMoved';
    const saved = await api().put(
      `/api/bank/questions/${enc(entry.questionId)}`,
      { baseVersion: current.question.version, question: { body: entry.question.body, key }, note: note.slice(0, 400) },
      parser(bankSchemas.savedQuestionResponse),
    );
    return await regradeWith(examId, entry.questionId, saved.question.version, note);
  } catch (error) {
    failed(error);
    return false;
  }
}

/** Regrades the exam's question with bank version `version`; reloads the statistics and results. */
export async function regradeWith(examId: string, questionId: string, version: number, note: string): Promise<boolean> {
  try {
    const r = await api().post(`/api/exams/${enc(examId)}/regrade`, { questionId, version, note }, parse(examSchemas.regradeResponse));
    lastRegrade.value = { questionId, changed: r.changed.length };
    await loadReport(examId);
    return true;
  } catch (error) {
    failed(error);
    return false;
  }
}

/** The newest version of a bank question (to offer a regrade with it), or null when unreadable. */
export async function latestVersion(questionId: string): Promise<number | null> {
  try {
    return (await api().get(`/api/bank/questions/${enc(questionId)}`, parser(bankSchemas.questionResponse))).question.version;
  } catch {
    return null;
  }
}
