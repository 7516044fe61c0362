/**
 * Questions and answers of a class + subject between lessons (R13). Every read and act is checked
 * against the caller's role and class membership (authz `qa.*`); a question looked up by id that
 * the caller may not see answers "no such question", whether it exists or not.
 */
import { ConflictError, NotAuthorizedError, NotFoundError, RateLimitedError, TooLargeError, ValidationError, newId, type BlobStore, type Clock } from '../../platform/index.js';
import { sanitizeRichText } from '../assessment/index.js';
import { assertCan, can, type Actor, type ClassSubjectRef } from '../authz/index.js';
import { imageTypeOf } from '../questionBank/index.js';
import type { Storage } from '../store/index.js';
import { QA_LIMITS, type QaAnswer, type QaNotification, type QaNotificationKind, type QaNotified, type QaQuestion } from './ClassQaTypes.js';
import { answerView, questionView, type QaAnswerView, type QaPeople, type QaQuestionView } from './views.js';

export interface QaPlace {
  classId: string;
  className: string;
  subjectId: string;
  subjectName: string;
}

export interface QaListing {
  questions: QaQuestionView[];
  canAsk: boolean;
  canModerate: boolean;
}

export interface QaThread {
  question: QaQuestionView;
  answers: QaAnswerView[];
  canAnswer: boolean;
  canModerate: boolean;
}

export interface QaNotificationView {
  questionId: string;
  classId: string;
  subjectId: string;
  kind: QaNotificationKind;
  actorName: string;
  /** The question's first words (plain text). */
  excerpt: string;
  at: number;
  read: boolean;
}

const DAY = 86_400_000;
const refOf = (q: Pick<QaQuestion, 'schoolId' | 'classId' | 'subjectId'>): ClassSubjectRef => ({ kind: 'class_subject', schoolId: q.schoolId, classId: q.classId, subjectId: q.subjectId });

/** Sanitized rich text within the limit, never empty. A `<script>` is removed as HTML; what remains is text. */
function cleanBody(input: string, field: string): string {
  if (input.length > QA_LIMITS.bodyChars) throw new ValidationError(`The ${field} is longer than ${QA_LIMITS.bodyChars} characters`, { details: { field: 'body' } });
  const body = sanitizeRichText(input, { imageAllowed: () => false }).text;
  if (body === '') throw new ValidationError(`The ${field} is empty`, { details: { field: 'body' } });
  return body;
}

export class ClassQa {
  readonly #storage: Storage;
  readonly #blobs: BlobStore;
  readonly #clock: Clock;
  readonly #notified: ((n: QaNotified) => void) | undefined;

  /**
   * `notified`: told after a commit that stored notifications, so the people involved can be
   * told at once while they have the app open (signaling QaEvents). Default: nobody is told.
   */
  constructor(storage: Storage, deps: { clock: Clock; blobs: BlobStore; notified?: (n: QaNotified) => void }) {
    this.#storage = storage;
    this.#blobs = deps.blobs;
    this.#clock = deps.clock;
    this.#notified = deps.notified;
  }

  /** The class + subject boards the caller may open: a student's class × its subjects, a teacher's pairs, every pair for the school's readers. */
  async places(actor: Actor): Promise<QaPlace[]> {
    const s = this.#storage;
    const [classes, subjects] = await Promise.all([s.schools.listClasses(actor.schoolId), s.schools.listSubjects(actor.schoolId)]);
    const className = new Map(classes.map((c) => [c.id, c.name]));
    const subjectName = new Map(subjects.map((x) => [x.id, x.name]));
    let pairs: { classId: string; subjectId: string }[];
    if (actor.role === 'student' && actor.classId) {
      pairs = (await s.schools.assignmentsOfClass(actor.classId)).map((a) => ({ classId: a.classId, subjectId: a.subjectId }));
    } else if (actor.role === 'teacher' && !actor.duties.principal) {
      pairs = [...actor.teaches];
    } else {
      pairs = (await Promise.all(classes.map((c) => s.schools.assignmentsOfClass(c.id)))).flat().map((a) => ({ classId: a.classId, subjectId: a.subjectId }));
    }
    const seen = new Set<string>();
    return pairs
      .filter((p) => can(actor, 'qa.read', { kind: 'class_subject', schoolId: actor.schoolId, ...p }))
      .filter((p) => !seen.has(`${p.classId}/${p.subjectId}`) && seen.add(`${p.classId}/${p.subjectId}`))
      .map((p) => ({ ...p, className: className.get(p.classId) ?? p.classId, subjectName: subjectName.get(p.subjectId) ?? p.subjectId }))
      .sort((a, b) => a.className.localeCompare(b.className, 'vi', { numeric: true }) || a.subjectName.localeCompare(b.subjectName, 'vi'));
  }

  async list(actor: Actor, classId: string, subjectId: string): Promise<QaListing> {
    const ref = await this.#boardRef(actor, classId, subjectId);
    assertCan(actor, 'qa.read', ref);
    const overseer = actor.role !== 'student';
    const rows = await this.#storage.classQa.questionsOf(classId, subjectId, { includeHidden: overseer, limit: QA_LIMITS.listSize });
    const people = await this.#people(rows.map((r) => r.question.authorId));
    return {
      questions: rows.map((r) => questionView(r.question, people, { answers: r.answers, lastAnswerAt: r.lastAnswerAt })),
      canAsk: can(actor, 'qa.ask', ref),
      canModerate: can(actor, 'qa.moderate', ref),
    };
  }

  async ask(actor: Actor, classId: string, subjectId: string, input: { body: string }): Promise<QaQuestionView> {
    const ref = await this.#boardRef(actor, classId, subjectId);
    assertCan(actor, 'qa.ask', ref);
    const body = cleanBody(input.body, 'question');
    const now = this.#clock.now();
    if ((await this.#storage.classQa.countAskedSince(actor.userId, now - DAY)) >= QA_LIMITS.questionsPerDay) {
      throw new RateLimitedError(`At most ${QA_LIMITS.questionsPerDay} questions a day`, 3600);
    }
    const q: QaQuestion = {
      id: newId('qa'), schoolId: actor.schoolId, classId, subjectId, authorId: actor.userId, body, photoKey: null, photoType: null, createdAt: now,
      acceptedAnswerId: null, answeredAt: null, answeredBy: null, hiddenAt: null, hiddenBy: null, lockedAt: null, lockedBy: null,
    };
    const teachers = await this.#teachersOf(q);
    const notes = this.#notes(teachers, q.id, 'asked', actor.userId, now);
    await this.#storage.transaction(async (tx) => {
      await tx.classQa.addQuestion(q);
      await tx.classQa.notify(notes);
    });
    this.#tell(notes);
    return questionView(q, await this.#people([q.authorId]), { answers: 0, lastAnswerAt: null });
  }

  /** The asker adds one photo (already downscaled by the browser) soon after asking. The type is read from the bytes. */
  async addPhoto(actor: Actor, questionId: string, bytes: Uint8Array): Promise<QaQuestionView> {
    const q = await this.#visible(actor, questionId);
    if (q.authorId !== actor.userId) throw new NotAuthorizedError('Only the asker adds a photo to a question');
    if (q.photoKey !== null) throw new ConflictError('This question already has a photo');
    if (this.#clock.now() - q.createdAt > QA_LIMITS.photoWindowMs) throw new ConflictError('A photo is added right after asking');
    if (bytes.byteLength > QA_LIMITS.photoBytes) throw new TooLargeError(`A photo may be at most ${Math.round(QA_LIMITS.photoBytes / 1000)} KB`);
    const type = imageTypeOf(bytes);
    if (type === null || type === 'image/gif') throw new ValidationError('A photo must be JPEG, PNG or WebP', { details: { reason: 'IMAGE_TYPE' } });
    const info = await this.#blobs.put(
      (async function* () {
        yield bytes;
      })(),
      { area: 'qa', maxBytes: QA_LIMITS.photoBytes, contentType: type },
    );
    await this.#storage.classQa.setPhoto(q.id, info.key, type);
    const next = { ...q, photoKey: info.key, photoType: type };
    return questionView(next, await this.#people([q.authorId]), { answers: 0, lastAnswerAt: null });
  }

  /** The blob of a question's photo, for someone who may read the question. */
  async photo(actor: Actor, questionId: string): Promise<{ key: string; contentType: string }> {
    const q = await this.#visible(actor, questionId);
    if (q.photoKey === null || q.photoType === null) throw new NotFoundError('This question has no photo');
    return { key: q.photoKey, contentType: q.photoType };
  }

  /** A thread; opening it marks the caller's notifications of it read. */
  async thread(actor: Actor, questionId: string): Promise<QaThread> {
    const q = await this.#visible(actor, questionId);
    const ref = refOf(q);
    const overseer = actor.role !== 'student';
    const answers = (await this.#storage.classQa.answersOf(q.id)).filter((a) => overseer || a.hiddenAt === null);
    const people = await this.#people([q.authorId, ...answers.map((a) => a.authorId)]);
    await this.#storage.classQa.markRead(actor.userId, q.id, this.#clock.now());
    return {
      question: questionView(q, people, { answers: answers.filter((a) => a.hiddenAt === null).length, lastAnswerAt: answers.at(-1)?.createdAt ?? null }),
      answers: answers.map((a) => answerView(a, people, q.acceptedAnswerId === a.id)),
      canAnswer: can(actor, 'qa.answer', ref) && q.lockedAt === null,
      canModerate: can(actor, 'qa.moderate', ref),
    };
  }

  async answer(actor: Actor, questionId: string, input: { body: string }): Promise<QaAnswerView> {
    const q = await this.#visible(actor, questionId);
    assertCan(actor, 'qa.answer', refOf(q));
    if (q.lockedAt !== null) throw new ConflictError('This thread is locked', 'CONFLICT', { details: { reason: 'locked' } });
    if (q.hiddenAt !== null) throw new ConflictError('This question is hidden', 'CONFLICT', { details: { reason: 'hidden' } });
    const body = cleanBody(input.body, 'answer');
    const earlier = await this.#storage.classQa.answersOf(q.id);
    if (earlier.length >= QA_LIMITS.answersPerQuestion) throw new ConflictError('This thread has as many answers as it may have');
    const now = this.#clock.now();
    const a: QaAnswer = { id: newId('qaa'), questionId: q.id, authorId: actor.userId, body, createdAt: now, hiddenAt: null, hiddenBy: null };
    const teacherAnswers = can(actor, 'qa.moderate', refOf(q));
    const told = [q.authorId, ...(await this.#teachersOf(q)), ...earlier.map((e) => e.authorId)];
    const notes = this.#notes(told, q.id, 'answered', actor.userId, now);
    await this.#storage.transaction(async (tx) => {
      await tx.classQa.addAnswer(a);
      if (teacherAnswers) await tx.classQa.markAnswered(q.id, now, actor.userId);
      await tx.classQa.notify(notes);
    });
    this.#tell(notes);
    return answerView(a, await this.#people([actor.userId]), false);
  }

  /** The teacher accepts an answer of the thread (null: takes the acceptance back). */
  async accept(actor: Actor, questionId: string, answerId: string | null): Promise<void> {
    const q = await this.#moderated(actor, questionId);
    const now = this.#clock.now();
    if (answerId === null) return this.#storage.classQa.setAccepted(q.id, null);
    const a = await this.#storage.classQa.getAnswer(answerId);
    if (!a || a.questionId !== q.id) throw new NotFoundError('No such answer in this thread');
    if (a.hiddenAt !== null) throw new ConflictError('A hidden answer cannot be accepted');
    const notes = this.#notes([q.authorId, a.authorId], q.id, 'accepted', actor.userId, now);
    await this.#storage.transaction(async (tx) => {
      await tx.classQa.setAccepted(q.id, a.id);
      await tx.classQa.markAnswered(q.id, now, actor.userId);
      await tx.classQa.notify(notes);
    });
    this.#tell(notes);
  }

  async moderateQuestion(actor: Actor, questionId: string, change: { hidden?: boolean; locked?: boolean }): Promise<void> {
    const q = await this.#moderated(actor, questionId);
    const stamp = { at: this.#clock.now(), by: actor.userId };
    await this.#storage.transaction(async (tx) => {
      if (change.hidden !== undefined) await tx.classQa.setQuestionHidden(q.id, change.hidden ? stamp : null);
      if (change.locked !== undefined) await tx.classQa.setLocked(q.id, change.locked ? stamp : null);
    });
  }

  async moderateAnswer(actor: Actor, answerId: string, hidden: boolean): Promise<void> {
    const a = await this.#storage.classQa.getAnswer(answerId);
    if (!a) throw new NotFoundError('No such answer');
    const q = await this.#moderated(actor, a.questionId);
    await this.#storage.classQa.setAnswerHidden(a.id, hidden ? { at: this.#clock.now(), by: actor.userId } : null);
    // An accepted answer that gets hidden is no longer the accepted one.
    if (hidden && q.acceptedAnswerId === a.id) await this.#storage.classQa.setAccepted(q.id, null);
  }

  /** The caller's notifications (newest first) and how many are unread. Those of threads they may no longer see are left out. */
  async notifications(actor: Actor): Promise<{ unread: number; items: QaNotificationView[] }> {
    const rows = await this.#storage.classQa.notificationsOf(actor.userId, QA_LIMITS.notifications);
    const people = await this.#people(rows.map((r) => r.actorId));
    const items: QaNotificationView[] = [];
    for (const n of rows) {
      const q = await this.#storage.classQa.getQuestion(n.questionId);
      if (!q || !this.#maySee(actor, q)) continue;
      const excerpt = questionView(q, people, { answers: 0, lastAnswerAt: null }).body.replace(/\s+/g, ' ').slice(0, 120);
      items.push({ questionId: q.id, classId: q.classId, subjectId: q.subjectId, kind: n.kind, actorName: people.get(n.actorId)?.name ?? '', excerpt, at: n.at, read: n.readAt !== null });
    }
    return { unread: await this.#storage.classQa.unreadCount(actor.userId), items };
  }

  #maySee(actor: Actor, q: QaQuestion): boolean {
    if (q.schoolId !== actor.schoolId || !can(actor, 'qa.read', refOf(q))) return false;
    return q.hiddenAt === null || actor.role !== 'student';
  }

  async #visible(actor: Actor, questionId: string): Promise<QaQuestion> {
    const q = await this.#storage.classQa.getQuestion(questionId);
    if (!q || !this.#maySee(actor, q)) throw new NotFoundError('No such question');
    return q;
  }

  async #moderated(actor: Actor, questionId: string): Promise<QaQuestion> {
    const q = await this.#visible(actor, questionId);
    assertCan(actor, 'qa.moderate', refOf(q));
    return q;
  }

  async #boardRef(actor: Actor, classId: string, subjectId: string): Promise<ClassSubjectRef> {
    const [cls, subject] = await Promise.all([this.#storage.schools.getClass(classId), this.#storage.schools.getSubject(subjectId)]);
    if (cls?.schoolId !== actor.schoolId || subject?.schoolId !== actor.schoolId) throw new NotFoundError('No such class or subject in this school');
    return { kind: 'class_subject', schoolId: actor.schoolId, classId, subjectId };
  }

  async #teachersOf(q: Pick<QaQuestion, 'classId' | 'subjectId'>): Promise<string[]> {
    return (await this.#storage.schools.assignmentsOfClass(q.classId)).filter((a) => a.subjectId === q.subjectId).map((a) => a.teacherId);
  }

  /** A listener that throws is not the caller's failure: what was asked is stored. */
  #tell(notes: readonly QaNotification[]): void {
    if (!this.#notified || notes.length === 0) return;
    const first = notes[0]!;
    try {
      this.#notified({ userIds: notes.map((n) => n.userId), questionId: first.questionId, kind: first.kind });
    } catch {
      // The stored notification is there for the next look at the badge.
    }
  }

  #notes(userIds: readonly string[], questionId: string, kind: QaNotificationKind, actorId: string, at: number): QaNotification[] {
    return [...new Set(userIds)].filter((u) => u !== actorId).map((userId) => ({ userId, questionId, kind, actorId, at, readAt: null }));
  }

  async #people(ids: readonly string[]): Promise<QaPeople> {
    const out: QaPeople = new Map();
    for (const id of new Set(ids)) {
      const a = await this.#storage.accounts.get(id);
      out.set(id, { name: a?.displayName ?? '', role: a?.role === 'teacher' ? 'teacher' : 'student' });
    }
    return out;
  }
}
