/** A typed in-memory LiveQuizStore and question source for the live quiz's domain tests (the SQL store has the contract suite). */
import { ConflictError, NotFoundError } from '../../platform/index.js';
import type { Question } from '../assessment/index.js';
import type { LiveQuestionSourcePort, LiveQuizParticipation, LiveQuizStore, StoredLiveAnswer, StoredLiveQuiz } from '../liveQuiz/index.js';

export class MemoryLiveQuizStore implements LiveQuizStore {
  readonly quizzes = new Map<string, StoredLiveQuiz>();
  readonly answers: StoredLiveAnswer[] = [];
  /** How many of the next saveAnswers calls fail (a full disk). */
  failures = 0;
  /** Transactions of saveAnswers, to see the group commit. */
  commits = 0;

  async saveQuiz(quiz: StoredLiveQuiz): Promise<void> {
    this.quizzes.set(quiz.id, structuredClone(quiz));
  }

  async markClosed(quizId: string, closedAt: number): Promise<void> {
    const q = this.quizzes.get(quizId);
    if (q && q.closedAt === null) q.closedAt = closedAt;
  }

  async markRevealed(quizId: string, revealedAt: number): Promise<void> {
    const q = this.quizzes.get(quizId);
    if (q && q.revealedAt === null) q.revealedAt = revealedAt;
  }

  async markEnded(quizId: string, endedAt: number): Promise<void> {
    const q = this.quizzes.get(quizId);
    if (q && q.endedAt === null) q.endedAt = endedAt;
  }

  async saveAnswers(answers: readonly StoredLiveAnswer[]): Promise<void> {
    await Promise.resolve();
    if (this.failures > 0) {
      this.failures--;
      throw new Error('disk full');
    }
    for (const a of answers) {
      if (this.answers.some((b) => b.quizId === a.quizId && b.userId === a.userId)) throw new ConflictError('already answered');
    }
    this.commits++;
    this.answers.push(...answers.map((a) => structuredClone(a)));
  }

  async quizzesOfLesson(lessonId: string): Promise<StoredLiveQuiz[]> {
    return [...this.quizzes.values()].filter((q) => q.lessonId === lessonId);
  }

  async answersOf(quizId: string): Promise<StoredLiveAnswer[]> {
    return this.answers.filter((a) => a.quizId === quizId);
  }

  async participationOf(lessonId: string): Promise<LiveQuizParticipation[]> {
    const by = new Map<string, LiveQuizParticipation>();
    for (const a of this.answers.filter((x) => x.lessonId === lessonId)) {
      const p = by.get(a.userId) ?? { userId: a.userId, answers: 0, correct: 0 };
      p.answers++;
      if (a.outcome === 'correct') p.correct++;
      by.set(a.userId, p);
    }
    return [...by.values()];
  }

  async answersOfUser(userId: string): Promise<StoredLiveAnswer[]> {
    return this.answers.filter((a) => a.userId === userId);
  }
}

/** A bank of a few questions, readable by the user ids in `readers`. */
export function memoryQuestionSource(questions: Record<string, Question>, readers: readonly string[]): LiveQuestionSourcePort {
  return {
    bankQuestion: async (userId, questionId, version) => {
      const q = questions[questionId];
      if (!q || !readers.includes(userId)) throw new NotFoundError('No such question');
      return { ref: { questionId, version: version || 1 }, body: structuredClone(q.body), key: structuredClone(q.key) };
    },
  };
}
