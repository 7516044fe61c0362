/** What a browser is sent of questions and answers: names instead of ids' owners, no blob keys. */
import type { QaAnswer, QaQuestion } from './ClassQaTypes.js';

export type QaPeople = Map<string, { name: string; role: 'teacher' | 'student' }>;

export interface QaQuestionView {
  id: string;
  classId: string;
  subjectId: string;
  authorId: string;
  authorName: string;
  body: string;
  hasPhoto: boolean;
  createdAt: number;
  answers: number;
  lastAnswerAt: number | null;
  acceptedAnswerId: string | null;
  answered: boolean;
  hidden: boolean;
  locked: boolean;
}

export interface QaAnswerView {
  id: string;
  authorId: string;
  authorName: string;
  byTeacher: boolean;
  body: string;
  createdAt: number;
  accepted: boolean;
  hidden: boolean;
}

export function questionView(q: QaQuestion, people: QaPeople, counts: { answers: number; lastAnswerAt: number | null }): QaQuestionView {
  return {
    id: q.id,
    classId: q.classId,
    subjectId: q.subjectId,
    authorId: q.authorId,
    authorName: people.get(q.authorId)?.name ?? '',
    body: q.body,
    hasPhoto: q.photoKey !== null,
    createdAt: q.createdAt,
    answers: counts.answers,
    lastAnswerAt: counts.lastAnswerAt,
    acceptedAnswerId: q.acceptedAnswerId,
    answered: q.answeredAt !== null || q.acceptedAnswerId !== null,
    hidden: q.hiddenAt !== null,
    locked: q.lockedAt !== null,
  };
}

export function answerView(a: QaAnswer, people: QaPeople, accepted: boolean): QaAnswerView {
  const p = people.get(a.authorId);
  return { id: a.id, authorId: a.authorId, authorName: p?.name ?? '', byTeacher: p?.role === 'teacher', body: a.body, createdAt: a.createdAt, accepted, hidden: a.hiddenAt !== null };
}
