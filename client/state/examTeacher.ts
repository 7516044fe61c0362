import { batch, signal } from '@preact/signals';
import { bankSchemas, parser, type QuestionListResponse } from '../net/bankApi.js';
import { examSchemas, parse, type CreateExamRequest, type ExamListResponse, type ExamEventDto, type MyExamsResponse, type ProctorResponse } from '../net/examApi.js';
import { api, describeApiError } from './api.js';

/**
 * The teacher's quizzes and exams (list, create, proctor) and the student's list. The proctor
 * view polls every 2 s, asking only for the events after the last one it has: cheap for the
 * server, and a flag shows within two seconds of happening.
 */

export const teacherExams = signal<ExamListResponse | null>(null);
export const myExams = signal<MyExamsResponse | null>(null);
export const examsError = signal<string | null>(null);
export const bankChoices = signal<QuestionListResponse['items']>([]);
export const proctor = signal<ProctorResponse | null>(null);
export const proctorEvents = signal<readonly ExamEventDto[]>([]);
export const proctorError = signal<string | null>(null);

export async function loadTeacherExams(): Promise<void> {
  try {
    teacherExams.value = await api().get('/api/exams', parse(examSchemas.examListResponse));
    examsError.value = null;
  } catch (error) {
    examsError.value = describeApiError(error);
  }
}

export async function loadMyExams(): Promise<void> {
  try {
    myExams.value = await api().get('/api/my/exams', parse(examSchemas.myExamsResponse));
    examsError.value = null;
  } catch (error) {
    examsError.value = describeApiError(error);
  }
}

export async function loadBankChoices(subjectId: string): Promise<void> {
  try {
    const page = await api().get(`/api/bank/questions?scope=all&limit=200&subjectId=${encodeURIComponent(subjectId)}`, parser(bankSchemas.questionListResponse));
    bankChoices.value = page.items;
  } catch (error) {
    examsError.value = describeApiError(error);
  }
}

/** Creates the exam; resolves true when it was stored. */
export async function createExam(request: CreateExamRequest): Promise<boolean> {
  try {
    await api().post('/api/exams', request, parse(examSchemas.examResponse));
    await loadTeacherExams();
    return true;
  } catch (error) {
    examsError.value = describeApiError(error);
    return false;
  }
}

export async function releaseExam(examId: string): Promise<void> {
  try {
    await api().post(`/api/exams/${encodeURIComponent(examId)}/release`, undefined, parse(examSchemas.examResponse));
    await Promise.all([loadTeacherExams(), pollProctor(examId)]);
  } catch (error) {
    examsError.value = describeApiError(error);
  }
}

export async function pollProctor(examId: string): Promise<void> {
  const after = proctor.value?.examId === examId ? proctor.value.lastEventId : 0;
  try {
    const view = await api().get(`/api/exams/${encodeURIComponent(examId)}/proctor?after=${after}`, parse(examSchemas.proctorResponse));
    batch(() => {
      // Newest first, the last 200: the live feed of the page.
      proctorEvents.value = [...view.events.slice().reverse(), ...(after === 0 ? [] : proctorEvents.value)].slice(0, 200);
      proctor.value = view;
      proctorError.value = null;
    });
  } catch (error) {
    proctorError.value = describeApiError(error);
  }
}

/** Starts polling; returns the stop function. */
export function watchProctor(examId: string, everyMs = 2000): () => void {
  proctor.value = null;
  proctorEvents.value = [];
  void pollProctor(examId);
  const timer = setInterval(() => void pollProctor(examId), everyMs);
  return () => clearInterval(timer);
}

export async function changeTime(attemptId: string, action: 'extend' | 'reopen', minutes: number, reason: string, examId: string): Promise<boolean> {
  try {
    await api().post(`/api/exam-attempts/${encodeURIComponent(attemptId)}/${action}`, { minutes, reason }, parse(examSchemas.attemptChangedResponse));
    await pollProctor(examId);
    return true;
  } catch (error) {
    proctorError.value = describeApiError(error);
    return false;
  }
}

/** The attempt being graded on the proctor's page (keys included: the teacher's own view). */
export const review = signal<import('../net/examApi.js').ReviewResponse | null>(null);

export async function openReview(attemptId: string): Promise<void> {
  try {
    review.value = await api().get(`/api/exam-attempts/${encodeURIComponent(attemptId)}/review`, parse(examSchemas.reviewResponse));
  } catch (error) {
    proctorError.value = describeApiError(error);
  }
}

/** A person's points for one question (0 to its worth, in steps of 0.01), with feedback. */
export async function gradeItem(attemptId: string, questionId: string, points: number, feedback: string, examId: string): Promise<boolean> {
  try {
    await api().post(`/api/exam-attempts/${encodeURIComponent(attemptId)}/grade`, { questionId, points, feedback }, parse(examSchemas.attemptChangedResponse));
    await Promise.all([openReview(attemptId), pollProctor(examId)]);
    return true;
  } catch (error) {
    proctorError.value = describeApiError(error);
    return false;
  }
}
