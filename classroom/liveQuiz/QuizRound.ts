import type { Answer, GradeOutcome } from '../assessment/index.js';
import { addToTally, copyTally, emptyTally } from './liveQuestion.js';
import type { AnsweredEntry, LiveQuestion, LiveQuizView, QuizTally, RevealView, TeacherQuizView } from './LiveQuizTypes.js';
import { WHOLE_LESSON } from './LiveQuizTypes.js';

interface Accepted {
  entry: AnsweredEntry;
  answer: Answer;
}

/**
 * One question put live: who answered what (accepted = durable), who is being stored right now
 * (reserved, so a double answer is refused at once), the tallies, and the answers the teacher
 * has not been told about yet. No timers and no I/O: LiveQuiz drives it on the room's queue.
 */
export class QuizRound {
  readonly question: LiveQuestion;
  readonly view: LiveQuizView;
  readonly #accepted = new Map<string, Accepted>();
  readonly #reserved = new Set<string>();
  readonly #tally = emptyTally();
  readonly #byGroup = new Map<string, QuizTally>();
  #unsent: AnsweredEntry[] = [];
  /** Writes in flight: closing waits for them, so an answer that arrived in time is counted. */
  readonly pending = new Set<Promise<void>>();
  timer: ReturnType<typeof setTimeout> | undefined;
  tallyTimer: ReturnType<typeof setTimeout> | undefined;
  lastTallyAtMs = 0;

  constructor(view: LiveQuizView, question: LiveQuestion) {
    this.view = view;
    this.question = question;
  }

  get id(): string {
    return this.view.id;
  }

  get open(): boolean {
    return this.view.closedAtMs === 0;
  }

  /** Whether a student in room `groupId` is asked this question. */
  targets(groupId: string): boolean {
    return this.view.targetGroupId === WHOLE_LESSON || this.view.targetGroupId === groupId;
  }

  /** Answered, or being stored. */
  has(userId: string): boolean {
    return this.#accepted.has(userId) || this.#reserved.has(userId);
  }

  reserve(userId: string): void {
    this.#reserved.add(userId);
  }

  release(userId: string): void {
    this.#reserved.delete(userId);
  }

  /** The answer is durable: count it. */
  accept(entry: AnsweredEntry, answer: Answer): void {
    this.#reserved.delete(entry.userId);
    this.#accepted.set(entry.userId, { entry, answer });
    addToTally(this.#tally, answer, entry.outcome);
    let group = this.#byGroup.get(entry.groupId);
    if (!group) this.#byGroup.set(entry.groupId, (group = emptyTally()));
    addToTally(group, answer, entry.outcome);
    this.#unsent.push(entry);
  }

  answerOf(userId: string): { answer: Answer; outcome: GradeOutcome | 'poll' } | undefined {
    const a = this.#accepted.get(userId);
    return a ? { answer: a.answer, outcome: a.entry.outcome } : undefined;
  }

  entries(): AnsweredEntry[] {
    return [...this.#accepted.values()].map((a) => a.entry);
  }

  tally(): QuizTally {
    return copyTally(this.#tally);
  }

  byGroup(): Array<{ groupId: string; tally: QuizTally }> {
    return [...this.#byGroup].map(([groupId, tally]) => ({ groupId, tally: copyTally(tally) }));
  }

  /** The distribution a room sees at reveal: its own answers (the whole class when there are no groups). */
  roomReveal(groupId: string): RevealView {
    return { key: this.question.key, tally: copyTally(this.#byGroup.get(groupId) ?? emptyTally()) };
  }

  /** The answers accepted since the last call. */
  takeUnsent(): AnsweredEntry[] {
    const out = this.#unsent;
    this.#unsent = [];
    return out;
  }

  hasUnsent(): boolean {
    return this.#unsent.length > 0;
  }

  teacherView(): TeacherQuizView {
    return { ...this.view, key: this.question.key, tally: this.tally(), byGroup: this.byGroup(), answers: this.entries() };
  }

  studentView(): LiveQuizView {
    return { ...this.view };
  }
}
