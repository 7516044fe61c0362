import type { Answer, AnswerKey, QuestionBody } from '../assessment/index.js';
import { atomically, optionalNumber, uniqueAs, type Queryable, type Row } from '../store/index.js';
import type { LiveQuizParticipation, LiveQuizStore, StoredLiveAnswer, StoredLiveQuiz } from './LiveQuizTypes.js';

const QUIZ_COLUMNS = 'id, lesson_id, teacher_id, target_group, question_id, question_version, body, answer_key, started_at, closes_at, closed_at, revealed_at, ended_at';
const ANSWER_COLUMNS = 'quiz_id, lesson_id, user_id, group_id, answer, outcome, answered_at';
const INSERT_ANSWERS = `INSERT INTO live_quiz_answers (${ANSWER_COLUMNS}) VALUES `;
/** Rows per INSERT (7 parameters each: far below both engines' limits). */
const BATCH_ROWS = 200;

/** Live quizzes and their answers (classroom/store/schema.ts, migration "live quiz"). Bodies, keys and answers are JSON. */
export class SqlLiveQuizStore implements LiveQuizStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async saveQuiz(z: StoredLiveQuiz): Promise<void> {
    await this.#q.run(`INSERT INTO live_quizzes (${QUIZ_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      z.id,
      z.lessonId,
      z.teacherId,
      z.targetGroupId,
      z.ref?.questionId ?? null,
      z.ref?.version ?? null,
      JSON.stringify(z.body),
      z.key === null ? null : JSON.stringify(z.key),
      z.startedAt,
      z.closesAt,
      z.closedAt,
      z.revealedAt,
      z.endedAt,
    ]);
  }

  async markClosed(quizId: string, closedAt: number): Promise<void> {
    await this.#q.run('UPDATE live_quizzes SET closed_at = ? WHERE id = ? AND closed_at IS NULL', [closedAt, quizId]);
  }

  async markRevealed(quizId: string, revealedAt: number): Promise<void> {
    await this.#q.run('UPDATE live_quizzes SET revealed_at = ? WHERE id = ? AND revealed_at IS NULL', [revealedAt, quizId]);
  }

  async markEnded(quizId: string, endedAt: number): Promise<void> {
    await this.#q.run('UPDATE live_quizzes SET ended_at = ? WHERE id = ? AND ended_at IS NULL', [endedAt, quizId]);
  }

  async saveAnswers(answers: readonly StoredLiveAnswer[]): Promise<void> {
    if (answers.length === 0) return;
    await uniqueAs('This student has already answered this question', () =>
      atomically(this.#q, async (tx) => {
        for (let i = 0; i < answers.length; i += BATCH_ROWS) {
          const chunk = answers.slice(i, i + BATCH_ROWS);
          await tx.run(
            INSERT_ANSWERS + chunk.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', '),
            chunk.flatMap((a) => [a.quizId, a.lessonId, a.userId, a.groupId, JSON.stringify(a.answer), a.outcome, a.answeredAt]),
          );
        }
      }),
    );
  }

  async quizzesOfLesson(lessonId: string): Promise<StoredLiveQuiz[]> {
    return (await this.#q.all(`SELECT ${QUIZ_COLUMNS} FROM live_quizzes WHERE lesson_id = ? ORDER BY started_at, id`, [lessonId])).map(toQuiz);
  }

  async answersOf(quizId: string): Promise<StoredLiveAnswer[]> {
    return (await this.#q.all(`SELECT ${ANSWER_COLUMNS} FROM live_quiz_answers WHERE quiz_id = ? ORDER BY answered_at, user_id`, [quizId])).map(toAnswer);
  }

  async participationOf(lessonId: string): Promise<LiveQuizParticipation[]> {
    const rows = await this.#q.all(
      "SELECT user_id, COUNT(*) AS answers, SUM(CASE WHEN outcome = 'correct' THEN 1 ELSE 0 END) AS correct FROM live_quiz_answers WHERE lesson_id = ? GROUP BY user_id ORDER BY user_id",
      [lessonId],
    );
    return rows.map((r) => ({ userId: String(r.user_id), answers: Number(r.answers), correct: Number(r.correct) }));
  }

  async answersOfUser(userId: string): Promise<StoredLiveAnswer[]> {
    return (await this.#q.all(`SELECT ${ANSWER_COLUMNS} FROM live_quiz_answers WHERE user_id = ? ORDER BY answered_at, quiz_id`, [userId])).map(toAnswer);
  }
}

function toQuiz(r: Row): StoredLiveQuiz {
  const questionId = r.question_id === null || r.question_id === undefined ? null : String(r.question_id);
  return {
    id: String(r.id),
    lessonId: String(r.lesson_id),
    teacherId: String(r.teacher_id),
    targetGroupId: String(r.target_group),
    ref: questionId === null ? null : { questionId, version: Number(r.question_version) },
    body: JSON.parse(String(r.body)) as QuestionBody,
    key: r.answer_key === null || r.answer_key === undefined ? null : (JSON.parse(String(r.answer_key)) as AnswerKey),
    startedAt: Number(r.started_at),
    closesAt: Number(r.closes_at),
    closedAt: optionalNumber(r.closed_at),
    revealedAt: optionalNumber(r.revealed_at),
    endedAt: optionalNumber(r.ended_at),
  };
}

function toAnswer(r: Row): StoredLiveAnswer {
  return {
    quizId: String(r.quiz_id),
    lessonId: String(r.lesson_id),
    userId: String(r.user_id),
    groupId: String(r.group_id),
    // Written by saveAnswers from a checked Answer.
    answer: JSON.parse(String(r.answer)) as Answer,
    outcome: String(r.outcome) as StoredLiveAnswer['outcome'],
    answeredAt: Number(r.answered_at),
  };
}
