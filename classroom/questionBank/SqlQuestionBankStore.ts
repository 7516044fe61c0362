import type { AnswerKey, CognitiveLevel, QuestionAtVersion, QuestionBody, QuestionKind } from '../assessment/index.js';
import { nameKey } from '../school/index.js';
import type { Queryable, Row, SqlParam } from '../store/index.js';
import { atomically, flag, optionalNumber, optionalString, placeholderList } from '../store/index.js';
import type { BankFilter, BankImage, BankPage, BankQuestion, BankQuestionMeta, BankTags, QuestionBankStore, QuestionVersion, VersionInfo } from './BankTypes.js';

const META_COLUMNS =
  'q.id, q.school_id, q.subject_id, q.owner_id, q.kind, q.shared, q.grade_level, q.topic, q.cognitive_level, q.version, q.created_at, q.updated_at, q.archived_at';
const CURRENT = `SELECT ${META_COLUMNS}, v.body, v.answer_key FROM bank_questions q JOIN bank_question_versions v ON v.question_id = q.id AND v.version = q.version`;

/** A LIKE pattern for `words` anywhere; `%` and `_` typed by a person are literal. */
function likePattern(words: string): string {
  return `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The search form of a text: no marks, đ → d, lower case, single spaces. */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

export class SqlQuestionBankStore implements QuestionBankStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async create(meta: BankQuestionMeta, first: QuestionVersion, key: string): Promise<void> {
    await atomically(this.#q, async (tx) => {
      await tx.run(
        'INSERT INTO bank_questions (id, school_id, subject_id, owner_id, kind, shared, grade_level, topic, topic_key, cognitive_level, version, search_key, created_at, updated_at, archived_at) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
          meta.id,
          meta.schoolId,
          meta.subjectId,
          meta.ownerId,
          meta.kind,
          meta.shared,
          ...tagParams(meta.tags),
          meta.version,
          key,
          meta.createdAt,
          meta.updatedAt,
          meta.archivedAt,
        ],
      );
      await insertVersion(tx, first);
    });
  }

  async addVersion(next: QuestionVersion, expectedVersion: number, key: string, updatedAt: number): Promise<boolean> {
    if (next.version !== expectedVersion + 1) throw new Error(`version ${next.version} does not follow ${expectedVersion}`);
    return atomically(this.#q, async (tx) => {
      // The conditional update is the lock: of two editors of version n, one moves it to n+1.
      const { changes } = await tx.run('UPDATE bank_questions SET version = ?, search_key = ?, updated_at = ? WHERE id = ? AND version = ?', [
        next.version,
        key,
        updatedAt,
        next.questionId,
        expectedVersion,
      ]);
      if (changes === 0) return false;
      await insertVersion(tx, next);
      return true;
    });
  }

  async updateMeta(id: string, change: { shared: boolean; tags: BankTags; updatedAt: number }): Promise<void> {
    await this.#q.run('UPDATE bank_questions SET shared = ?, grade_level = ?, topic = ?, topic_key = ?, cognitive_level = ?, updated_at = ? WHERE id = ?', [
      change.shared,
      ...tagParams(change.tags),
      change.updatedAt,
      id,
    ]);
  }

  async get(id: string): Promise<BankQuestion | undefined> {
    const r = await this.#q.one(`${CURRENT} WHERE q.id = ?`, [id]);
    return r && toBankQuestion(r);
  }

  async getVersion(id: string, version: number): Promise<QuestionVersion | undefined> {
    const r = await this.#q.one('SELECT question_id, version, body, answer_key, author_id, note, created_at FROM bank_question_versions WHERE question_id = ? AND version = ?', [id, version]);
    return r && toVersion(r);
  }

  async getVersions(refs: readonly QuestionAtVersion[]): Promise<QuestionVersion[]> {
    if (refs.length === 0) return [];
    const ids = [...new Set(refs.map((r) => r.questionId))];
    const rows = await this.#q.all(
      `SELECT question_id, version, body, answer_key, author_id, note, created_at FROM bank_question_versions WHERE question_id IN (${placeholderList(ids.length)})`,
      ids,
    );
    const byRef = new Map(rows.map((r) => [`${String(r.question_id)}@${Number(r.version)}`, r]));
    return refs.flatMap((ref) => {
      const r = byRef.get(`${ref.questionId}@${ref.version}`);
      return r ? [toVersion(r)] : [];
    });
  }

  async listVersions(id: string): Promise<VersionInfo[]> {
    const rows = await this.#q.all(
      'SELECT v.question_id, v.version, v.author_id, v.note, v.created_at, q.kind FROM bank_question_versions v JOIN bank_questions q ON q.id = v.question_id WHERE v.question_id = ? ORDER BY v.version',
      [id],
    );
    return rows.map((r) => ({
      questionId: String(r.question_id),
      version: Number(r.version),
      authorId: String(r.author_id),
      note: String(r.note),
      createdAt: Number(r.created_at),
      kind: String(r.kind) as QuestionKind,
    }));
  }

  async search(filter: BankFilter): Promise<BankPage> {
    const { where, params } = whereOf(filter);
    const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 50), 1), 200);
    const offset = Math.max(Math.trunc(filter.offset ?? 0), 0);
    const total = await this.#q.one<{ n: number }>(`SELECT COUNT(*) AS n FROM bank_questions q WHERE ${where}`, params);
    const rows = await this.#q.all(`${CURRENT} WHERE ${where} ORDER BY q.updated_at DESC, q.id LIMIT ? OFFSET ?`, [...params, limit, offset]);
    return { items: rows.map(toBankQuestion), total: Number(total?.n ?? 0) };
  }

  async archive(id: string, at: number): Promise<boolean> {
    const { changes } = await this.#q.run('UPDATE bank_questions SET archived_at = ?, updated_at = ? WHERE id = ? AND archived_at IS NULL', [at, at, id]);
    return changes > 0;
  }

  async topics(filter: Pick<BankFilter, 'schoolId' | 'visibleTo' | 'subjectId'>): Promise<string[]> {
    const { where, params } = whereOf(filter);
    const rows = await this.#q.all(`SELECT MIN(q.topic) AS topic, q.topic_key FROM bank_questions q WHERE ${where} AND q.topic_key IS NOT NULL GROUP BY q.topic_key ORDER BY q.topic_key`, params);
    return rows.map((r) => String(r.topic));
  }

  async addImage(image: BankImage): Promise<void> {
    await this.#q.run(`INSERT INTO bank_images (${IMAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
      image.id,
      image.schoolId,
      image.ownerId,
      image.blobKey,
      image.contentType,
      image.size,
      image.createdAt,
    ]);
  }

  async getImage(id: string): Promise<BankImage | undefined> {
    const r = await this.#q.one(`SELECT ${IMAGE_COLUMNS} FROM bank_images WHERE id = ?`, [id]);
    return r && toImage(r);
  }

  async imagesOf(schoolId: string, ids: readonly string[]): Promise<BankImage[]> {
    if (ids.length === 0) return [];
    const rows = await this.#q.all(`SELECT ${IMAGE_COLUMNS} FROM bank_images WHERE school_id = ? AND id IN (${placeholderList(ids.length)})`, [schoolId, ...ids]);
    return rows.map(toImage);
  }
}

const IMAGE_COLUMNS = 'id, school_id, owner_id, blob_key, content_type, size, created_at';

function toImage(r: Row): BankImage {
  return {
    id: String(r.id),
    schoolId: String(r.school_id),
    ownerId: String(r.owner_id),
    blobKey: String(r.blob_key),
    contentType: String(r.content_type),
    size: Number(r.size),
    createdAt: Number(r.created_at),
  };
}

function tagParams(tags: BankTags): SqlParam[] {
  return [tags.gradeLevel, tags.topic, tags.topic === null ? null : nameKey(tags.topic), tags.level];
}

async function insertVersion(tx: Queryable, v: QuestionVersion): Promise<void> {
  await tx.run('INSERT INTO bank_question_versions (question_id, version, body, answer_key, author_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
    v.questionId,
    v.version,
    JSON.stringify(v.question.body),
    JSON.stringify(v.question.key),
    v.authorId,
    v.note,
    v.createdAt,
  ]);
}

function whereOf(f: Partial<BankFilter> & { schoolId: string }): { where: string; params: SqlParam[] } {
  const clauses = ['q.school_id = ?'];
  const params: SqlParam[] = [f.schoolId];
  const add = (clause: string, ...values: SqlParam[]) => {
    clauses.push(clause);
    params.push(...values);
  };
  if (f.visibleTo) {
    const shared = f.visibleTo.sharedSubjectIds;
    if (shared.length > 0) add(`(q.owner_id = ? OR (q.shared = 1 AND q.subject_id IN (${placeholderList(shared.length)})))`, f.visibleTo.userId, ...shared);
    else add('q.owner_id = ?', f.visibleTo.userId);
  }
  if (!f.includeArchived) clauses.push('q.archived_at IS NULL');
  if (f.ownerId !== undefined) add('q.owner_id = ?', f.ownerId);
  if (f.excludeOwnerId !== undefined) add('q.owner_id <> ?', f.excludeOwnerId);
  if (f.subjectId !== undefined) add('q.subject_id = ?', f.subjectId);
  if (f.kind !== undefined) add('q.kind = ?', f.kind);
  if (f.gradeLevel !== undefined) add('q.grade_level = ?', f.gradeLevel);
  if (f.topic !== undefined) add('q.topic_key = ?', nameKey(f.topic));
  if (f.level !== undefined) add('q.cognitive_level = ?', f.level);
  for (const word of searchKey(f.text ?? '').split(' ').filter(Boolean).slice(0, 8)) add("q.search_key LIKE ? ESCAPE '\\'", likePattern(word));
  return { where: clauses.join(' AND '), params };
}

function toMeta(r: Row): BankQuestionMeta {
  return {
    id: String(r.id),
    schoolId: String(r.school_id),
    subjectId: String(r.subject_id),
    ownerId: String(r.owner_id),
    kind: String(r.kind) as QuestionKind,
    shared: flag(r.shared),
    tags: { gradeLevel: optionalNumber(r.grade_level), topic: optionalString(r.topic), level: optionalString(r.cognitive_level) as CognitiveLevel | null },
    version: Number(r.version),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    archivedAt: optionalNumber(r.archived_at),
  };
}

function toBankQuestion(r: Row): BankQuestion {
  return { ...toMeta(r), question: { body: JSON.parse(String(r.body)) as QuestionBody, key: JSON.parse(String(r.answer_key)) as AnswerKey } };
}

function toVersion(r: Row): QuestionVersion {
  return {
    questionId: String(r.question_id),
    version: Number(r.version),
    question: { body: JSON.parse(String(r.body)) as QuestionBody, key: JSON.parse(String(r.answer_key)) as AnswerKey },
    authorId: String(r.author_id),
    note: String(r.note),
    createdAt: Number(r.created_at),
  };
}
