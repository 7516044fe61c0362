import { ConflictError, NotAuthorizedError, NotFoundError, ValidationError, newId, type Clock } from '../../platform/index.js';
import {
  COGNITIVE_LEVELS,
  imageIds,
  plainText,
  sanitizePlainText,
  validateQuestion,
  type Question,
  type QuestionAtVersion,
  type TextWarning,
} from '../assessment/index.js';
import { assertCan, questionRef, subjectRef, type Actor } from '../authz/index.js';
import type { Storage } from '../store/index.js';
import type { BankFilter, BankPage, BankQuestion, BankTags, QuestionVersion, VersionInfo } from './BankTypes.js';
import { searchKey } from './SqlQuestionBankStore.js';

/** Where question images live (the blob store); until one is wired in, no image is kept. */
export interface QuestionImages {
  /** Of `ids`, those that are images of `schoolId`. */
  known(schoolId: string, ids: readonly string[]): Promise<ReadonlySet<string>>;
  /** Stores an image of `schoolId` (PNG, JPEG, GIF or WebP, already size-checked); resolves with its id. */
  put(image: { schoolId: string; ownerId: string; contentType: string; bytes: Uint8Array }): Promise<string>;
}

export interface QuestionBankDeps {
  clock: Clock;
  images?: QuestionImages;
}

export interface NewQuestionInput {
  subjectId: string;
  shared: boolean;
  tags: BankTags;
  question: Question;
}

export interface QuestionChange {
  /** The version the editor started from: a change on top of another's change is refused (409). */
  baseVersion: number;
  /** A new body and key: makes a new version. */
  question?: Question;
  shared?: boolean;
  tags?: BankTags;
  /** Why (kept with the version), ≤ 200 characters. */
  note?: string;
}

export interface SavedQuestion {
  question: BankQuestion;
  /** What the sanitizer removed, by field. */
  warnings: TextWarning[];
}

/** Which questions a teacher lists: their own, their subject group's shared ones, or both. */
export type BankScope = 'mine' | 'shared' | 'all';

export type BankQuery = Omit<BankFilter, 'schoolId' | 'visibleTo' | 'ownerId' | 'excludeOwnerId'> & { scope?: BankScope };

const MAX_TOPIC = 100;
const MAX_NOTE = 200;

/**
 * The question bank as teachers use it (R16): write, edit (each change of content a new
 * version), share with the subject group, tag, archive, copy a colleague's shared question,
 * search. Every text passes validateQuestion (sanitized) before it is stored.
 */
export class QuestionBank {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #images: QuestionImages | undefined;

  constructor(storage: Storage, deps: QuestionBankDeps) {
    this.#storage = storage;
    this.#clock = deps.clock;
    this.#images = deps.images;
  }

  async create(actor: Actor, input: NewQuestionInput, note = ''): Promise<SavedQuestion> {
    await this.#assertAuthor(actor, input.subjectId);
    const { question, warnings } = await this.#validate(actor.schoolId, input.question);
    const tags = checkTags(input.tags);
    const now = this.#clock.now();
    const id = newId('qst');
    const meta = { id, schoolId: actor.schoolId, subjectId: input.subjectId, ownerId: actor.userId, kind: question.body.kind, shared: input.shared, tags, version: 1, createdAt: now, updatedAt: now, archivedAt: null };
    await this.#storage.questionBank.create(meta, { questionId: id, version: 1, question, authorId: actor.userId, note: checkNote(note), createdAt: now }, keyOf(question));
    return { question: { ...meta, question }, warnings };
  }

  /**
   * Several questions at once, all or none (an import): every one is validated first, then
   * all are written in one transaction. Throws ValidationError naming the first invalid one.
   */
  async createMany(actor: Actor, inputs: readonly NewQuestionInput[], note = ''): Promise<BankQuestion[]> {
    const subjects = new Set(inputs.map((i) => i.subjectId));
    for (const subjectId of subjects) await this.#assertAuthor(actor, subjectId);
    const checked: Array<{ input: NewQuestionInput; question: Question; tags: BankTags }> = [];
    for (const [i, input] of inputs.entries()) {
      const { question } = await this.#validate(actor.schoolId, input.question).catch((e: unknown) => {
        throw e instanceof ValidationError ? new ValidationError(`Question ${i + 1}: ${e.message}`, { details: { index: i + 1, ...e.details } }) : e;
      });
      checked.push({ input, question, tags: checkTags(input.tags) });
    }
    const now = this.#clock.now();
    const clean = checkNote(note);
    return this.#storage.transaction(async (tx) => {
      const out: BankQuestion[] = [];
      for (const { input, question, tags } of checked) {
        const id = newId('qst');
        const meta = { id, schoolId: actor.schoolId, subjectId: input.subjectId, ownerId: actor.userId, kind: question.body.kind, shared: input.shared, tags, version: 1, createdAt: now, updatedAt: now, archivedAt: null };
        await tx.questionBank.create(meta, { questionId: id, version: 1, question, authorId: actor.userId, note: clean, createdAt: now }, keyOf(question));
        out.push({ ...meta, question });
      }
      return out;
    });
  }

  async update(actor: Actor, id: string, change: QuestionChange): Promise<SavedQuestion> {
    const current = await this.#readable(actor, id);
    assertCan(actor, 'question.manage', questionRef(current));
    if (current.archivedAt !== null) throw new ConflictError('This question is archived');
    if (change.baseVersion !== current.version) throw staleVersion(current.version);
    const now = this.#clock.now();
    let warnings: TextWarning[] = [];
    let version = current.version;
    let question = current.question;
    if (change.question && JSON.stringify(change.question) !== JSON.stringify(current.question)) {
      const checked = await this.#validate(actor.schoolId, change.question);
      if (checked.question.body.kind !== current.kind) throw new ValidationError('The kind of a question cannot change: make a new question', { details: { reason: 'KIND_CHANGED' } });
      warnings = checked.warnings;
      if (JSON.stringify(checked.question) !== JSON.stringify(current.question)) {
        question = checked.question;
        version = current.version + 1;
        const next: QuestionVersion = { questionId: id, version, question, authorId: actor.userId, note: checkNote(change.note ?? ''), createdAt: now };
        if (!(await this.#storage.questionBank.addVersion(next, current.version, keyOf(question), now))) throw staleVersion(current.version);
      }
    }
    const shared = change.shared ?? current.shared;
    const tags = change.tags ? checkTags(change.tags) : current.tags;
    if (shared !== current.shared || JSON.stringify(tags) !== JSON.stringify(current.tags)) {
      await this.#storage.questionBank.updateMeta(id, { shared, tags, updatedAt: now });
    }
    const saved = await this.#storage.questionBank.get(id);
    if (!saved) throw new NotFoundError('No such question');
    return { question: saved, warnings };
  }

  async archive(actor: Actor, id: string): Promise<void> {
    const current = await this.#readable(actor, id);
    assertCan(actor, 'question.manage', questionRef(current));
    await this.#storage.questionBank.archive(id, this.#clock.now());
  }

  /** A copy of a question the actor may read, into their own bank (unshared, version 1). */
  async copy(actor: Actor, id: string): Promise<SavedQuestion> {
    const source = await this.#readable(actor, id);
    return this.create(actor, { subjectId: source.subjectId, shared: false, tags: source.tags, question: source.question }, `Sao chép từ ${source.id} phiên bản ${source.version}`);
  }

  async get(actor: Actor, id: string): Promise<BankQuestion> {
    return this.#readable(actor, id);
  }

  async versions(actor: Actor, id: string): Promise<VersionInfo[]> {
    await this.#readable(actor, id);
    return this.#storage.questionBank.listVersions(id);
  }

  async version(actor: Actor, id: string, version: number): Promise<QuestionVersion> {
    await this.#readable(actor, id);
    const v = await this.#storage.questionBank.getVersion(id, version);
    if (!v) throw new NotFoundError('No such version of this question');
    return v;
  }

  /**
   * Versions of several questions the actor may read, in the order asked: what a quiz or exam
   * builder copies references of. Throws on the first one that is missing or not readable.
   */
  async versionsFor(actor: Actor, refs: readonly QuestionAtVersion[]): Promise<QuestionVersion[]> {
    for (const questionId of new Set(refs.map((r) => r.questionId))) await this.#readable(actor, questionId);
    const found = await this.#storage.questionBank.getVersions(refs);
    if (found.length !== refs.length) throw new NotFoundError('A question version asked for does not exist');
    return found;
  }

  async search(actor: Actor, query: BankQuery): Promise<BankPage> {
    const { scope = 'all', ...rest } = query;
    const filter: BankFilter = { ...rest, schoolId: actor.schoolId };
    if (actor.role === 'admin') return this.#storage.questionBank.search(filter);
    const visibleTo = { userId: actor.userId, sharedSubjectIds: this.#groupSubjects(actor) };
    if (scope === 'mine') return this.#storage.questionBank.search({ ...filter, ownerId: actor.userId });
    if (scope === 'shared') return this.#storage.questionBank.search({ ...filter, visibleTo, excludeOwnerId: actor.userId });
    return this.#storage.questionBank.search({ ...filter, visibleTo });
  }

  /** Topics in use among the questions the actor sees (for the filter's suggestions). */
  async topics(actor: Actor, subjectId?: string): Promise<string[]> {
    this.#assertBankUser(actor);
    const visibleTo = actor.role === 'admin' ? undefined : { userId: actor.userId, sharedSubjectIds: this.#groupSubjects(actor) };
    return this.#storage.questionBank.topics({ schoolId: actor.schoolId, ...(visibleTo ? { visibleTo } : {}), ...(subjectId ? { subjectId } : {}) });
  }

  /** Throws unless `actor` may write questions of `subjectId` (an import checks before reading the file). */
  async assertCanAuthor(actor: Actor, subjectId: string): Promise<void> {
    await this.#assertAuthor(actor, subjectId);
  }

  /** Subjects whose group the actor belongs to (those they teach). */
  #groupSubjects(actor: Actor): string[] {
    this.#assertBankUser(actor);
    return [...new Set(actor.teaches.map((t) => t.subjectId))];
  }

  #assertBankUser(actor: Actor): void {
    if (actor.role !== 'teacher' && actor.role !== 'admin') throw new NotAuthorizedError('The question bank is for teachers');
  }

  async #assertAuthor(actor: Actor, subjectId: string): Promise<void> {
    assertCan(actor, 'question.author', subjectRef(actor.schoolId, subjectId));
    const subject = await this.#storage.schools.getSubject(subjectId);
    if (!subject || subject.schoolId !== actor.schoolId) throw new NotFoundError('No such subject in this school');
  }

  /** The question, when it is in the actor's school and they may read it. */
  async #readable(actor: Actor, id: string): Promise<BankQuestion> {
    const q = await this.#storage.questionBank.get(id);
    if (!q || q.schoolId !== actor.schoolId) throw new NotFoundError('No such question');
    assertCan(actor, 'question.read', questionRef(q));
    return q;
  }

  async #validate(schoolId: string, draft: Question): Promise<{ question: Question; warnings: TextWarning[] }> {
    const known = await this.#knownImages(schoolId, draft);
    const checked = validateQuestion(draft, { imageAllowed: (id) => known.has(id) });
    if (!checked.ok) {
      throw new ValidationError(checked.issues.map((i) => `${i.path}: ${i.message}`).join('; '), { details: { issues: checked.issues, warnings: checked.warnings } });
    }
    return { question: checked.question, warnings: checked.warnings };
  }

  async #knownImages(schoolId: string, q: Question): Promise<ReadonlySet<string>> {
    const ids = [...new Set(textsOf(q).flatMap(imageIds))];
    if (ids.length === 0 || !this.#images) return new Set();
    return this.#images.known(schoolId, ids);
  }
}

function staleVersion(current: number): ConflictError {
  return new ConflictError(`The question was changed meanwhile (now version ${current}): reload it`, 'CONFLICT', { details: { reason: 'STALE_VERSION', version: current } });
}

function checkTags(tags: BankTags): BankTags {
  const { gradeLevel, level } = tags;
  if (gradeLevel !== null && (!Number.isInteger(gradeLevel) || gradeLevel < 1 || gradeLevel > 12)) throw new ValidationError('A grade is 1 to 12');
  if (level !== null && !(COGNITIVE_LEVELS as readonly string[]).includes(level)) throw new ValidationError('Unknown cognitive level');
  const topic = tags.topic === null ? '' : sanitizePlainText(tags.topic);
  if (topic.length > MAX_TOPIC) throw new ValidationError(`A topic has at most ${MAX_TOPIC} characters`);
  return { gradeLevel, topic: topic || null, level };
}

function checkNote(note: string): string {
  const clean = sanitizePlainText(note);
  if (clean.length > MAX_NOTE) throw new ValidationError(`A note has at most ${MAX_NOTE} characters`);
  return clean;
}

/** Every text of a question, for images and search. */
export function textsOf(q: Question): string[] {
  const b = q.body;
  const texts = [b.stem, q.key.explanation];
  if (b.kind === 'single_choice' || b.kind === 'multiple_choice') texts.push(...b.options.map((o) => o.text));
  if (b.kind === 'true_false') texts.push(...b.statements.map((s) => s.text));
  if (q.key.kind === 'essay') texts.push(q.key.guidance);
  return texts;
}

function keyOf(q: Question): string {
  const b = q.body;
  const visible = [b.stem, ...(b.kind === 'single_choice' || b.kind === 'multiple_choice' ? b.options.map((o) => o.text) : []), ...(b.kind === 'true_false' ? b.statements.map((s) => s.text) : [])];
  return searchKey(visible.map((t) => plainText(t)).join(' ')).slice(0, 4000);
}

