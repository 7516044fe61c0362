import { NotFoundError, RateLimitedError, ValidationError, newId } from '../../platform/index.js';
import { sanitizePlainText } from '../assessment/index.js';
import { TEACHERS, EVERYONE, toParticipant, type LiveFeature, type ParticipantView, type RoomContext } from '../liveRoom/index.js';
import { LESSON_QUESTION_LIMITS, type LessonQuestion, type LessonQuestionStore, type QuestionsEvent, type SeenQuestion } from './QuestionsTypes.js';

/**
 * The questions panel of one live lesson (R13): students ask (optionally hidden from classmates),
 * others upvote, the teacher marks a question answered. A hidden question reaches only the
 * teachers and its asker, in pushes and in snapshots alike. Every change is written to the store
 * before it is told, so the list is kept with the lesson, and the lesson's next room (after the
 * last person left, a crash or a restart) reads it back. Participant ids change between rooms, so
 * the asker and the upvoters are known by their account (a guest, who has none, by participant
 * id). Text is plain: a "<script>" in a question is text, shown as text by the client.
 */
export class LessonQuestions implements LiveFeature<LessonQuestion[]> {
  readonly #ctx: RoomContext<QuestionsEvent>;
  readonly #store: LessonQuestionStore;
  readonly #questions = new Map<string, LessonQuestion>();

  constructor(ctx: RoomContext<QuestionsEvent>, store: LessonQuestionStore) {
    this.#ctx = ctx;
    this.#store = store;
    // First on the room's queue, before anyone can join: the questions asked in this lesson's
    // earlier rooms come back (the last room closed when everyone left, or the server restarted).
    ctx.run(() => this.#restore()).catch((err: unknown) => {
      if (!ctx.closed) ctx.logger.error({ err, lessonId: ctx.lesson.id }, 'lesson questions: could not read back the stored questions');
    });
  }

  async #restore(): Promise<void> {
    const stored = await this.#store.ofLesson(this.#ctx.lesson.id);
    if (this.#ctx.closed) return;
    for (const q of stored) if (!this.#questions.has(q.id)) this.#questions.set(q.id, q);
  }

  /** The asker of a question from an earlier room is listed under their participant id of this room. */
  participantEntered(p: ParticipantView): void {
    if (p.userId === '') return;
    for (const q of this.#questions.values()) {
      if (q.authorUserId === p.userId && q.authorId !== p.id) this.#questions.set(q.id, { ...q, authorId: p.id });
    }
  }

  ask(participantId: string, input: { text: string; hiddenFromClassmates: boolean }): Promise<LessonQuestion> {
    return this.#ctx.run(async () => {
      const p = this.#ctx.presence.requireAdmitted(participantId);
      const text = sanitizePlainText(input.text);
      if (text === '') throw new ValidationError('Write your question first', { details: { field: 'text' } });
      if (text.length > LESSON_QUESTION_LIMITS.textChars) throw new ValidationError(`A question has at most ${LESSON_QUESTION_LIMITS.textChars} characters`, { details: { field: 'text' } });
      const mine = [...this.#questions.values()].filter((q) => isAuthor(p, q)).length;
      if (mine >= LESSON_QUESTION_LIMITS.perParticipant || this.#questions.size >= LESSON_QUESTION_LIMITS.perLesson) throw new RateLimitedError('Too many questions in this lesson', 60);
      const q: LessonQuestion = {
        id: newId('lq'),
        lessonId: this.#ctx.lesson.id,
        authorId: p.id,
        authorUserId: p.userId,
        authorName: p.displayName,
        text,
        hiddenFromClassmates: input.hiddenFromClassmates,
        upvoters: [],
        answeredAt: null,
        askedAt: this.#ctx.clock.now(),
      };
      await this.#store.save(q);
      if (this.#ctx.closed) return q;
      this.#questions.set(q.id, q);
      this.#tellChanged(q);
      return q;
    });
  }

  /** One upvote per participant, on a question they can see (not their own). */
  upvote(participantId: string, questionId: string): Promise<void> {
    return this.#ctx.run(async () => {
      const p = this.#ctx.presence.requireAdmitted(participantId);
      const q = this.#visible(p, questionId);
      const voter = voterKey(p);
      if (isAuthor(p, q) || q.upvoters.includes(voter)) return;
      const next = { ...q, upvoters: [...q.upvoters, voter] };
      await this.#store.save(next);
      if (this.#ctx.closed) return;
      this.#questions.set(q.id, next);
      this.#tellChanged(next);
    });
  }

  markAnswered(participantId: string, questionId: string): Promise<void> {
    return this.#ctx.run(async () => {
      this.#ctx.presence.requireTeacher(participantId, 'mark a question answered');
      const q = this.#questions.get(questionId);
      if (!q) throw new NotFoundError('No such question');
      if (q.answeredAt !== null) return;
      const next = { ...q, answeredAt: this.#ctx.clock.now() };
      await this.#store.save(next);
      if (this.#ctx.closed) return;
      this.#questions.set(q.id, next);
      this.#tellChanged(next);
    });
  }

  snapshotFor(participant: ParticipantView): SeenQuestion[] {
    const voter = voterKey(participant);
    return [...this.#questions.values()].filter((q) => maySeeQuestion(participant, q)).map((q) => ({ ...q, upvotedByYou: q.upvoters.includes(voter) }));
  }

  lessonEnded(): void {
    this.#questions.clear();
  }

  #visible(p: ParticipantView, questionId: string): LessonQuestion {
    const q = this.#questions.get(questionId);
    if (!q || !maySeeQuestion(p, q)) throw new NotFoundError('No such question');
    return q;
  }

  #tellChanged(q: LessonQuestion): void {
    const event: QuestionsEvent = { type: 'questionChanged', question: q };
    if (!q.hiddenFromClassmates) return this.#ctx.tell(EVERYONE, event);
    this.#ctx.tell(TEACHERS, event);
    const author = this.#ctx.presence.get(q.authorId);
    if (author && author.role !== 'teacher') this.#ctx.tell(toParticipant(q.authorId), event);
  }
}

/** A question hidden from classmates reaches the teachers and its asker only. */
export function maySeeQuestion(p: Pick<ParticipantView, 'id' | 'userId' | 'role'>, q: LessonQuestion): boolean {
  return !q.hiddenFromClassmates || p.role === 'teacher' || isAuthor(p, q);
}

/** The asker, in this room or (by account) in an earlier room of the lesson. */
function isAuthor(p: Pick<ParticipantView, 'id' | 'userId'>, q: LessonQuestion): boolean {
  return p.id === q.authorId || (p.userId !== '' && p.userId === q.authorUserId);
}

/** One upvote per person across the lesson's rooms: their account, or a guest's participant id. */
function voterKey(p: Pick<ParticipantView, 'id' | 'userId'>): string {
  return p.userId !== '' ? p.userId : p.id;
}
