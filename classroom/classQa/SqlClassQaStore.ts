import type { Queryable, Row } from '../store/index.js';
import { optionalNumber, optionalString } from '../store/index.js';
import type { ClassQaStore, QaAnswer, QaListFilter, QaNotification, QaNotificationKind, QaQuestion, QaQuestionSummary } from './ClassQaTypes.js';

const Q_COLS =
  'id, school_id, class_id, subject_id, author_id, body, photo_key, photo_type, created_at, accepted_answer_id, answered_at, answered_by, hidden_at, hidden_by, locked_at, locked_by';
const A_COLS = 'id, question_id, author_id, body, created_at, hidden_at, hidden_by';

const toQuestion = (r: Row): QaQuestion => ({
  id: String(r.id),
  schoolId: String(r.school_id),
  classId: String(r.class_id),
  subjectId: String(r.subject_id),
  authorId: String(r.author_id),
  body: String(r.body),
  photoKey: optionalString(r.photo_key),
  photoType: optionalString(r.photo_type),
  createdAt: Number(r.created_at),
  acceptedAnswerId: optionalString(r.accepted_answer_id),
  answeredAt: optionalNumber(r.answered_at),
  answeredBy: optionalString(r.answered_by),
  hiddenAt: optionalNumber(r.hidden_at),
  hiddenBy: optionalString(r.hidden_by),
  lockedAt: optionalNumber(r.locked_at),
  lockedBy: optionalString(r.locked_by),
});

const toAnswer = (r: Row): QaAnswer => ({
  id: String(r.id),
  questionId: String(r.question_id),
  authorId: String(r.author_id),
  body: String(r.body),
  createdAt: Number(r.created_at),
  hiddenAt: optionalNumber(r.hidden_at),
  hiddenBy: optionalString(r.hidden_by),
});

export class SqlClassQaStore implements ClassQaStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async addQuestion(q: QaQuestion): Promise<void> {
    await this.#q.run(`INSERT INTO qa_questions (${Q_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      q.id, q.schoolId, q.classId, q.subjectId, q.authorId, q.body, q.photoKey, q.photoType, q.createdAt,
      q.acceptedAnswerId, q.answeredAt, q.answeredBy, q.hiddenAt, q.hiddenBy, q.lockedAt, q.lockedBy,
    ]);
  }

  async getQuestion(id: string): Promise<QaQuestion | undefined> {
    const r = await this.#q.one(`SELECT ${Q_COLS} FROM qa_questions WHERE id = ?`, [id]);
    return r ? toQuestion(r) : undefined;
  }

  async questionsOf(classId: string, subjectId: string, filter: QaListFilter): Promise<QaQuestionSummary[]> {
    const rows = await this.#q.all(
      `SELECT ${Q_COLS.split(', ').map((c) => `q.${c}`).join(', ')}, COUNT(a.id) AS answers, MAX(a.created_at) AS last_answer_at
       FROM qa_questions q LEFT JOIN qa_answers a ON a.question_id = q.id AND a.hidden_at IS NULL
       WHERE q.class_id = ? AND q.subject_id = ?${filter.includeHidden ? '' : ' AND q.hidden_at IS NULL'}
       GROUP BY ${Q_COLS.split(', ').map((c) => `q.${c}`).join(', ')}
       ORDER BY q.created_at DESC, q.id DESC LIMIT ?`,
      [classId, subjectId, filter.limit],
    );
    return rows.map((r) => ({ question: toQuestion(r), answers: Number(r.answers), lastAnswerAt: optionalNumber(r.last_answer_at) }));
  }

  async countAskedSince(authorId: string, since: number): Promise<number> {
    const r = await this.#q.one('SELECT COUNT(*) AS n FROM qa_questions WHERE author_id = ? AND created_at >= ?', [authorId, since]);
    return Number(r?.n ?? 0);
  }

  async setPhoto(questionId: string, key: string, type: string): Promise<void> {
    await this.#q.run('UPDATE qa_questions SET photo_key = ?, photo_type = ? WHERE id = ?', [key, type, questionId]);
  }

  async addAnswer(a: QaAnswer): Promise<void> {
    await this.#q.run(`INSERT INTO qa_answers (${A_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, [a.id, a.questionId, a.authorId, a.body, a.createdAt, a.hiddenAt, a.hiddenBy]);
  }

  async getAnswer(id: string): Promise<QaAnswer | undefined> {
    const r = await this.#q.one(`SELECT ${A_COLS} FROM qa_answers WHERE id = ?`, [id]);
    return r ? toAnswer(r) : undefined;
  }

  async answersOf(questionId: string): Promise<QaAnswer[]> {
    return (await this.#q.all(`SELECT ${A_COLS} FROM qa_answers WHERE question_id = ? ORDER BY created_at, id`, [questionId])).map(toAnswer);
  }

  async setAccepted(questionId: string, answerId: string | null): Promise<void> {
    await this.#q.run('UPDATE qa_questions SET accepted_answer_id = ? WHERE id = ?', [answerId, questionId]);
  }

  async markAnswered(questionId: string, at: number, by: string): Promise<void> {
    await this.#q.run('UPDATE qa_questions SET answered_at = ?, answered_by = ? WHERE id = ? AND answered_at IS NULL', [at, by, questionId]);
  }

  async setQuestionHidden(questionId: string, hidden: { at: number; by: string } | null): Promise<void> {
    await this.#q.run('UPDATE qa_questions SET hidden_at = ?, hidden_by = ? WHERE id = ?', [hidden?.at ?? null, hidden?.by ?? null, questionId]);
  }

  async setAnswerHidden(answerId: string, hidden: { at: number; by: string } | null): Promise<void> {
    await this.#q.run('UPDATE qa_answers SET hidden_at = ?, hidden_by = ? WHERE id = ?', [hidden?.at ?? null, hidden?.by ?? null, answerId]);
  }

  async setLocked(questionId: string, locked: { at: number; by: string } | null): Promise<void> {
    await this.#q.run('UPDATE qa_questions SET locked_at = ?, locked_by = ? WHERE id = ?', [locked?.at ?? null, locked?.by ?? null, questionId]);
  }

  async notify(rows: readonly QaNotification[]): Promise<void> {
    for (const n of rows) {
      await this.#q.run('INSERT INTO qa_notifications (user_id, question_id, kind, actor_id, at, read_at) VALUES (?, ?, ?, ?, ?, ?)', [n.userId, n.questionId, n.kind, n.actorId, n.at, n.readAt]);
    }
  }

  async unreadCount(userId: string): Promise<number> {
    const r = await this.#q.one('SELECT COUNT(*) AS n FROM qa_notifications WHERE user_id = ? AND read_at IS NULL', [userId]);
    return Number(r?.n ?? 0);
  }

  async notificationsOf(userId: string, limit: number): Promise<QaNotification[]> {
    const rows = await this.#q.all('SELECT user_id, question_id, kind, actor_id, at, read_at FROM qa_notifications WHERE user_id = ? ORDER BY at DESC, id DESC LIMIT ?', [userId, limit]);
    return rows.map((r) => ({
      userId: String(r.user_id),
      questionId: String(r.question_id),
      kind: String(r.kind) as QaNotificationKind,
      actorId: String(r.actor_id),
      at: Number(r.at),
      readAt: optionalNumber(r.read_at),
    }));
  }

  async markRead(userId: string, questionId: string, at: number): Promise<void> {
    await this.#q.run('UPDATE qa_notifications SET read_at = ? WHERE user_id = ? AND question_id = ? AND read_at IS NULL', [at, userId, questionId]);
  }
}
