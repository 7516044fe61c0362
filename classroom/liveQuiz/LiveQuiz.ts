import { ConflictError, NotAuthorizedError, NotFoundError, ValidationError, newId } from '../../platform/index.js';
import type { Answer } from '../assessment/index.js';
import { EVERYONE, TEACHERS, toParticipant, toRoom, type Audience, type LiveFeature, type ParticipantView, type RoomContext } from '../liveRoom/index.js';
import type { AnswerCommitter } from './AnswerCommitter.js';
import { assertLiveKind, checkAnswer, outcomeOf, pollQuestion } from './liveQuestion.js';
import {
  LIVE_QUIZ_LIMITS as L,
  WHOLE_LESSON,
  type LaunchInput,
  type LiveQuestion,
  type LiveQuestionSourcePort,
  type LiveQuizApi,
  type LiveQuizEvent,
  type LiveQuizSnapshot,
  type LiveQuizStore,
  type TeacherQuizView,
} from './LiveQuizTypes.js';
import { QuizRound } from './QuizRound.js';

const conflict = (message: string, reason: string) => new ConflictError(message, 'CONFLICT', { details: { reason } });

export interface LiveQuizDeps {
  store: LiveQuizStore;
  answers: AnswerCommitter;
  questions: LiveQuestionSourcePort;
}

/**
 * The live quiz of one lesson (see LiveQuizTypes.ts for its rules). Every change runs on the
 * room's queue, except the durable write of an answer: the queue only reserves the student's
 * slot (so a double answer is refused at once) and hands the write to the group committer, so a
 * burst of answers does not wait in line behind each other's fsync. Closing waits for the
 * writes in flight, so every answer that arrived before the close is counted and stored.
 */
export class LiveQuiz implements LiveFeature<LiveQuizSnapshot>, LiveQuizApi {
  readonly #ctx: RoomContext<LiveQuizEvent>;
  readonly #deps: LiveQuizDeps;
  #round: QuizRound | null = null;

  constructor(ctx: RoomContext<LiveQuizEvent>, deps: LiveQuizDeps) {
    this.#ctx = ctx;
    this.#deps = deps;
    // First on the room's queue, before anyone can join: a question that was open when the
    // previous room of this lesson went away (a crash, a restart, an empty room) comes back.
    ctx.run(() => this.#restore()).catch((err: unknown) => this.#logLost(err));
  }

  async launch(actorId: string, input: LaunchInput): Promise<string> {
    const teacher = await this.#ctx.run(() => {
      const t = this.#ctx.presence.requireTeacher(actorId, 'start a quiz');
      this.#assertNoneRunning();
      return t;
    });
    const seconds = input.durationSec;
    if (!Number.isInteger(seconds) || seconds < L.minSeconds || seconds > L.maxSeconds) {
      throw new ValidationError(`A question lasts ${L.minSeconds} to ${L.maxSeconds} seconds`, { details: { reason: 'duration' } });
    }
    const question = await this.#question(teacher.userId, input);
    return this.#ctx.run(async () => {
      this.#ctx.presence.requireTeacher(actorId, 'start a quiz');
      this.#assertNoneRunning();
      const target = input.targetGroupId || WHOLE_LESSON;
      if (target !== WHOLE_LESSON && this.#ctx.presence.inRoom(target).length === 0) {
        throw new NotFoundError('Nobody is in that breakout group', { details: { reason: 'no_such_group' } });
      }
      const now = this.#ctx.clock.now();
      const round = new QuizRound(
        { id: newId('lq'), body: question.body, poll: question.key === null, targetGroupId: target, startedAtMs: now, closesAtMs: now + seconds * 1000, closedAtMs: 0, revealedAtMs: 0 },
        question,
      );
      await this.#deps.store.saveQuiz({
        id: round.id,
        lessonId: this.#ctx.lesson.id,
        teacherId: teacher.userId,
        targetGroupId: target,
        ref: question.ref,
        body: question.body,
        key: question.key,
        startedAt: now,
        closesAt: round.view.closesAtMs,
        closedAt: null,
        revealedAt: null,
        endedAt: null,
      });
      if (this.#ctx.closed) throw new ConflictError('The lesson has ended', 'LESSON_ENDED');
      this.#round = round;
      round.timer = setTimeout(() => this.#closeLater(round), seconds * 1000);
      this.#ctx.tell(this.#audienceOf(round), { type: 'liveQuizOpened', quiz: round.studentView() });
      this.#ctx.tell(TEACHERS, { type: 'liveQuizTeacherView', quiz: round.teacherView() });
      return round.id;
    });
  }

  async answer(actorId: string, quizId: string, answer: Answer): Promise<void> {
    const write = await this.#ctx.run(() => {
      const p = this.#ctx.presence.requireAdmitted(actorId);
      if (p.role !== 'student') throw new NotAuthorizedError('Only students answer a quiz', { details: { reason: 'not_student' } });
      const round = this.#round;
      if (!round || round.id !== quizId) throw conflict('This question is no longer open', 'quiz_closed');
      const now = this.#ctx.clock.now();
      // The server's clock decides, even before the countdown's timer has fired.
      if (!round.open || now >= round.view.closesAtMs) throw conflict('Time is up for this question', 'quiz_closed');
      if (!round.targets(p.groupId)) throw new NotAuthorizedError('This question is for another group', { details: { reason: 'not_in_group' } });
      if (round.has(p.userId)) throw conflict('You have already answered this question', 'already_answered');
      checkAnswer(round.view.body, answer);
      // Wrapped: a promise returned to run would hold the room's queue until the commit.
      return { write: this.#store(round, p, answer, now) };
    });
    await write.write;
  }

  close(actorId: string, quizId: string): Promise<void> {
    return this.#ctx.run(async () => {
      this.#ctx.presence.requireTeacher(actorId, 'close a quiz');
      await this.#closeRound(this.#current(quizId));
    });
  }

  reveal(actorId: string, quizId: string): Promise<void> {
    return this.#ctx.run(async () => {
      this.#ctx.presence.requireTeacher(actorId, 'reveal the answer');
      const round = this.#current(quizId);
      await this.#closeRound(round);
      if (round.view.revealedAtMs !== 0 || this.#ctx.closed) return;
      round.view.revealedAtMs = this.#ctx.clock.now();
      await this.#deps.store.markRevealed(round.id, round.view.revealedAtMs);
      if (this.#ctx.closed) return;
      this.#ctx.tell(TEACHERS, { type: 'liveQuizRevealed', quizId: round.id, reveal: { key: round.question.key, tally: round.tally() } });
      for (const room of this.#roomsOf(round)) this.#ctx.tell(toRoom(room), { type: 'liveQuizRevealed', quizId: round.id, reveal: round.roomReveal(room) });
      // By user: a student who came back (or an answer restored after a restart) has a new participant id.
      const outcomes = new Map(round.entries().map((e) => [e.userId, e.outcome]));
      for (const p of this.#ctx.presence.students()) {
        const outcome = outcomes.get(p.userId);
        if (outcome !== undefined) this.#ctx.tell(toParticipant(p.id), { type: 'liveQuizMyResult', quizId: round.id, outcome });
      }
    });
  }

  end(actorId: string, quizId: string): Promise<void> {
    return this.#ctx.run(async () => {
      this.#ctx.presence.requireTeacher(actorId, 'end a quiz');
      const round = this.#current(quizId);
      await this.#closeRound(round);
      if (this.#round !== round || this.#ctx.closed) return;
      // Durable before it leaves the screens: an ended question never comes back after a restart.
      await this.#deps.store.markEnded(round.id, this.#ctx.clock.now());
      if (this.#round !== round || this.#ctx.closed) return;
      this.#stopTimers(round);
      this.#round = null;
      this.#ctx.tell(EVERYONE, { type: 'liveQuizEnded', quizId: round.id });
    });
  }

  snapshotFor(p: ParticipantView): LiveQuizSnapshot {
    const round = this.#round;
    if (!round) return { quiz: null, myAnswer: null, reveal: null };
    if (p.role === 'teacher') {
      const revealed = round.view.revealedAtMs !== 0;
      return { quiz: this.#teacherView(round), myAnswer: null, reveal: revealed ? { key: round.question.key, tally: round.tally(), myOutcome: null } : null };
    }
    if (!round.targets(p.groupId)) return { quiz: null, myAnswer: null, reveal: null };
    const mine = round.answerOf(p.userId);
    const reveal = round.view.revealedAtMs !== 0 ? { ...round.roomReveal(p.groupId), myOutcome: mine?.outcome ?? null } : null;
    return { quiz: round.studentView(), myAnswer: mine?.answer ?? null, reveal };
  }

  lessonEnded(): void {
    if (this.#round) this.#stopTimers(this.#round);
    this.#round = null;
  }

  roomClosed(): void {
    this.lessonEnded();
  }

  /** The teacher's view with each answer under its student's participant id now (they may have come back since). */
  #teacherView(round: QuizRound): TeacherQuizView {
    const view = round.teacherView();
    const present = new Map(this.#ctx.presence.students().map((p) => [p.userId, p.id]));
    return { ...view, answers: view.answers.map((e) => ({ ...e, participantId: present.get(e.userId) ?? e.participantId })) };
  }

  /**
   * Brings back the lesson's question that was still open when its previous room went away
   * (docs/protocol.md "Live quiz after a restart"): the same question and deadline, with the
   * answers already stored (those were acknowledged; an answer in flight was not, and its
   * student may answer again). A deadline that passed meanwhile closes it at that deadline, so
   * the teacher can still reveal it. A question closed or revealed but not ended comes back as it
   * was (closed; revealed with the key and the distribution); only an ended one stays gone.
   */
  async #restore(): Promise<void> {
    const shown = (await this.#deps.store.quizzesOfLesson(this.#ctx.lesson.id)).filter((q) => q.endedAt === null);
    if (shown.length === 0 || this.#ctx.closed || this.#round) return;
    const last = shown.at(-1)!;
    // Only one question is shown at a time; an older one left behind is closed at its deadline and ended.
    for (const q of shown.slice(0, -1)) {
      await this.#deps.store.markClosed(q.id, Math.min(q.closedAt ?? q.closesAt, q.closesAt));
      await this.#deps.store.markEnded(q.id, q.closesAt);
    }
    const answers = await this.#deps.store.answersOf(last.id);
    if (this.#ctx.closed || this.#round) return;
    const round = new QuizRound(
      { id: last.id, body: last.body, poll: last.key === null, targetGroupId: last.targetGroupId, startedAtMs: last.startedAt, closesAtMs: last.closesAt, closedAtMs: last.closedAt ?? 0, revealedAtMs: last.revealedAt ?? 0 },
      { body: last.body, key: last.key, ref: last.ref },
    );
    // No participant is here yet: the entries are matched to people by user (reveal, teacherView).
    for (const a of answers) round.accept({ participantId: '', userId: a.userId, groupId: a.groupId, outcome: a.outcome, atMs: a.answeredAt }, a.answer);
    round.takeUnsent();
    this.#round = round;
    const left = last.closesAt - this.#ctx.clock.now();
    // A question closed (maybe revealed) before the room went away is shown as it was: no timer.
    if (last.closedAt === null && left > 0) {
      round.timer = setTimeout(() => this.#closeLater(round), left);
    } else if (last.closedAt === null) {
      round.view.closedAtMs = last.closesAt;
      await this.#deps.store.markClosed(last.id, last.closesAt);
    }
    this.#ctx.logger.info({ quizId: last.id, answers: answers.length, open: last.closedAt === null && left > 0, revealed: last.revealedAt !== null }, 'live quiz: restored the question on the screen');
  }

  async #question(userId: string, input: LaunchInput): Promise<LiveQuestion> {
    const s = input.source;
    if (s.kind === 'poll') return pollQuestion(s.text, s.options);
    const found = await this.#deps.questions.bankQuestion(userId, s.questionId, s.version);
    assertLiveKind(found.body);
    return { body: found.body, key: found.key, ref: found.ref };
  }

  /** Starts the durable write of an accepted answer; on the queue, so `has` sees it at once. */
  #store(round: QuizRound, p: ParticipantView, answer: Answer, now: number): Promise<void> {
    const outcome = outcomeOf(round.question, answer);
    round.reserve(p.userId);
    const stored = { quizId: round.id, lessonId: this.#ctx.lesson.id, userId: p.userId, groupId: p.groupId, answer, outcome, answeredAt: now };
    const write = this.#deps.answers.save(stored).then(
      () => {
        round.accept({ participantId: p.id, userId: p.userId, groupId: p.groupId, outcome, atMs: now }, answer);
        this.#scheduleTally(round);
      },
      (err: unknown) => {
        round.release(p.userId);
        throw err;
      },
    );
    const tracked = write.catch(() => undefined);
    round.pending.add(tracked);
    void tracked.then(() => round.pending.delete(tracked));
    return write;
  }

  /** Tells the teachers the tally at most once per period (the first answers without delay). */
  #scheduleTally(round: QuizRound): void {
    if (round.tallyTimer || this.#ctx.closed) return;
    const wait = Math.max(0, round.lastTallyAtMs + L.tallyPeriodMs - this.#ctx.clock.now());
    round.tallyTimer = setTimeout(() => {
      round.tallyTimer = undefined;
      this.#ctx.run(() => this.#flushTally(round)).catch((err: unknown) => this.#logLost(err));
    }, wait);
  }

  #flushTally(round: QuizRound): void {
    if (!round.hasUnsent() || this.#round !== round || this.#ctx.closed) return;
    round.lastTallyAtMs = this.#ctx.clock.now();
    this.#ctx.tell(TEACHERS, { type: 'liveQuizTally', quizId: round.id, tally: round.tally(), byGroup: round.byGroup(), newAnswers: round.takeUnsent() });
  }

  /** On the queue: stops answers, waits for the writes in flight, tells the final tally and the close. */
  async #closeRound(round: QuizRound): Promise<void> {
    if (!round.open) return;
    round.view.closedAtMs = Math.min(this.#ctx.clock.now(), round.view.closesAtMs);
    if (round.timer) clearTimeout(round.timer);
    round.timer = undefined;
    await Promise.all([...round.pending]);
    await this.#deps.store.markClosed(round.id, round.view.closedAtMs);
    if (this.#ctx.closed || this.#round !== round) return;
    this.#flushTally(round);
    const closed: LiveQuizEvent = { type: 'liveQuizClosed', quizId: round.id, closedAtMs: round.view.closedAtMs };
    this.#ctx.tell(this.#audienceOf(round), closed);
    if (round.view.targetGroupId !== WHOLE_LESSON) this.#ctx.tell(TEACHERS, closed);
  }

  #closeLater(round: QuizRound): void {
    round.timer = undefined;
    this.#ctx.run(() => this.#closeRound(round)).catch((err: unknown) => this.#logLost(err));
  }

  #logLost(err: unknown): void {
    if (!this.#ctx.closed) this.#ctx.logger.error({ err }, 'live quiz: a timed step failed');
  }

  #stopTimers(round: QuizRound): void {
    if (round.timer) clearTimeout(round.timer);
    if (round.tallyTimer) clearTimeout(round.tallyTimer);
    round.timer = round.tallyTimer = undefined;
  }

  #audienceOf(round: QuizRound): Audience {
    return round.view.targetGroupId === WHOLE_LESSON ? EVERYONE : toRoom(round.view.targetGroupId);
  }

  /** The rooms whose students were asked: each sees its own distribution at reveal. */
  #roomsOf(round: QuizRound): string[] {
    if (round.view.targetGroupId !== WHOLE_LESSON) return [round.view.targetGroupId];
    return [...new Set(['', ...this.#ctx.presence.admitted().map((p) => p.groupId)])];
  }

  #current(quizId: string): QuizRound {
    const round = this.#round;
    if (!round || round.id !== quizId) throw new NotFoundError('No such quiz running', { details: { reason: 'no_such_quiz' } });
    return round;
  }

  #assertNoneRunning(): void {
    if (this.#round) throw conflict('End the current question first', 'quiz_running');
  }
}
