import type { Queryable, Row } from '../store/index.js';
import { optionalNumber } from '../store/index.js';
import type { LessonQuestion, LessonQuestionStore } from './QuestionsTypes.js';

const COLS = 'id, lesson_id, author_id, author_user_id, author_name, text, hidden, upvoters, answered_at, asked_at';

const toQuestion = (r: Row): LessonQuestion => ({
  id: String(r.id),
  lessonId: String(r.lesson_id),
  authorId: String(r.author_id),
  authorUserId: String(r.author_user_id),
  authorName: String(r.author_name),
  text: String(r.text),
  hiddenFromClassmates: Number(r.hidden) === 1,
  upvoters: JSON.parse(String(r.upvoters)) as string[],
  answeredAt: optionalNumber(r.answered_at),
  askedAt: Number(r.asked_at),
});

export class SqlLessonQuestionStore implements LessonQuestionStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async save(q: LessonQuestion): Promise<void> {
    await this.#q.run(
      `INSERT INTO lesson_questions (${COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET upvoters = excluded.upvoters, answered_at = excluded.answered_at`,
      [q.id, q.lessonId, q.authorId, q.authorUserId, q.authorName, q.text, q.hiddenFromClassmates ? 1 : 0, JSON.stringify(q.upvoters), q.answeredAt, q.askedAt],
    );
  }

  async ofLesson(lessonId: string): Promise<LessonQuestion[]> {
    const rows = await this.#q.all(`SELECT ${COLS} FROM lesson_questions WHERE lesson_id = ? ORDER BY asked_at, id`, [lessonId]);
    return rows.map(toQuestion);
  }
}
