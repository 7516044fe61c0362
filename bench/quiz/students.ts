/**
 * The students of the live quiz bench: signaling clients only (no media), each joined with a
 * link token the bench mints, each answering the question once, at a random moment of the
 * answer window after it appeared, and timing its Ack (the server acknowledges once the answer
 * is durable).
 */
import { classroom } from '../../proto/index.js';
import { SignalingClient, SignalingError, type ServerMessage } from '../lib/signalingClient.js';
import { mintJoinToken } from '../lib/token.js';
import type { StudentOutcome } from './stats.js';

const K = classroom.v1.LiveQuestionKind;

export interface StudentPoolOptions {
  wsUrl: string;
  lessonId: string;
  secret: string;
  count: number;
  /** Joins in flight at once. */
  concurrency: number;
  /** Each student answers at a uniformly random moment within this many ms after seeing the question. */
  windowMs: number;
  /** The poll's option ids to choose from. */
  choices: readonly string[];
  log: (line: string) => void;
}

interface Student {
  client: SignalingClient;
  outcome: StudentOutcome;
}

export class StudentPool {
  readonly #o: StudentPoolOptions;
  readonly #students: Student[] = [];
  #answering: Promise<void>[] = [];

  constructor(options: StudentPoolOptions) {
    this.#o = options;
  }

  /** Joins every student; rejects on the first join that fails (the run would be meaningless). */
  async join(): Promise<void> {
    let next = 0;
    const started = performance.now();
    const worker = async () => {
      while (next < this.#o.count) {
        const i = next++;
        const student: Student = { client: undefined as unknown as SignalingClient, outcome: { kind: 'silent' } };
        student.client = await SignalingClient.connect(this.#o.wsUrl, { onPush: (m) => this.#onPush(student, m), requestTimeoutMs: 60_000 });
        const token = mintJoinToken(this.#o.secret, { lessonId: this.#o.lessonId, userId: `bench-quiz-${process.pid}-${i}`, name: `Học sinh ${i + 1}`, role: 'student' });
        await student.client.join(this.#o.lessonId, token);
        this.#students.push(student);
        if ((i + 1) % 250 === 0) this.#o.log(`${i + 1} students joined (${Math.round(performance.now() - started)} ms)`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#o.concurrency, this.#o.count) }, worker));
  }

  /** Resolves when every student who saw the question has its answer's outcome. */
  async settled(): Promise<void> {
    for (;;) {
      const pending = this.#answering;
      await Promise.all(pending);
      if (pending.length === this.#answering.length) return;
    }
  }

  get seen(): number {
    return this.#answering.length;
  }

  outcomes(): StudentOutcome[] {
    return this.#students.map((s) => s.outcome);
  }

  close(): void {
    for (const s of this.#students) s.client.close();
  }

  #onPush(student: Student, m: ServerMessage): void {
    const quiz = m.liveQuizOpened?.quiz;
    if (!quiz?.id) return;
    const quizId = quiz.id;
    const choice = this.#o.choices[Math.floor(Math.random() * this.#o.choices.length)] as string;
    this.#answering.push(
      new Promise<void>((resolve) => {
        setTimeout(() => {
          const sent = performance.now();
          student.client
            .request({ answerLiveQuiz: { quizId, answer: { kind: K.LIVE_QUESTION_KIND_SINGLE_CHOICE, choice } } })
            .then(
              () => (student.outcome = { kind: 'acked', ackMs: performance.now() - sent }),
              (err: unknown) => (student.outcome = { kind: 'failed', error: err instanceof SignalingError ? `code ${err.code}: ${err.message}` : String((err as Error).message) }),
            )
            .finally(resolve);
        }, Math.random() * this.#o.windowMs);
      }),
    );
  }
}
