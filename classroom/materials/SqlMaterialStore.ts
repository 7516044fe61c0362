import type { Queryable, Row } from '../store/index.js';
import { atomically, optionalNumber, optionalString } from '../store/index.js';
import type {
  LibraryFilter,
  Material,
  MaterialKind,
  MaterialReview,
  MaterialShare,
  MaterialSource,
  MaterialStore,
  MaterialUsageStore,
  MaterialVersion,
  MaterialView,
  ReviewStep,
  VersionState,
} from './MaterialTypes.js';

const M_COLS = 'id, school_id, subject_id, grade_id, topic, owner_id, source, latest_version, approved_version, created_at, updated_at';
const V_COLS = 'material_id, version, kind, title, description, upload_id, url, body, state, created_by, created_at';
const VIEW_COLS = 'id, school_id, material_id, version, student_id, class_id, opened_at, last_seen_at, seconds, page_count, pages, watched_permille';

function toMaterial(r: Row): Material {
  return {
    id: String(r.id),
    schoolId: String(r.school_id),
    subjectId: String(r.subject_id),
    gradeId: String(r.grade_id),
    topic: String(r.topic),
    ownerId: String(r.owner_id),
    source: String(r.source) as MaterialSource,
    latestVersion: Number(r.latest_version),
    approvedVersion: optionalNumber(r.approved_version),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function toVersion(r: Row): MaterialVersion {
  return {
    materialId: String(r.material_id),
    version: Number(r.version),
    kind: String(r.kind) as MaterialKind,
    title: String(r.title),
    description: String(r.description),
    uploadId: optionalString(r.upload_id),
    url: optionalString(r.url),
    body: optionalString(r.body),
    state: String(r.state) as VersionState,
    createdBy: String(r.created_by),
    createdAt: Number(r.created_at),
  };
}

function toView(r: Row): MaterialView {
  return {
    id: String(r.id),
    schoolId: String(r.school_id),
    materialId: String(r.material_id),
    version: Number(r.version),
    studentId: String(r.student_id),
    classId: String(r.class_id),
    openedAt: Number(r.opened_at),
    lastSeenAt: Number(r.last_seen_at),
    seconds: Number(r.seconds),
    pageCount: Number(r.page_count),
    pages: JSON.parse(String(r.pages)) as number[],
    watchedPermille: Number(r.watched_permille),
  };
}

const toShare = (r: Row): MaterialShare => ({
  materialId: String(r.material_id),
  classId: String(r.class_id),
  subjectId: String(r.subject_id),
  sharedBy: String(r.shared_by),
  lessonId: optionalString(r.lesson_id),
  sharedAt: Number(r.shared_at),
});

async function insertVersion(q: Queryable, v: MaterialVersion): Promise<void> {
  await q.run(`INSERT INTO material_versions (${V_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    v.materialId,
    v.version,
    v.kind,
    v.title,
    v.description,
    v.uploadId,
    v.url,
    v.body,
    v.state,
    v.createdBy,
    v.createdAt,
  ]);
}

export class SqlMaterialStore implements MaterialStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async create(m: Material, first: MaterialVersion): Promise<void> {
    await atomically(this.#q, async (tx) => {
      await tx.run(`INSERT INTO materials (${M_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        m.id,
        m.schoolId,
        m.subjectId,
        m.gradeId,
        m.topic,
        m.ownerId,
        m.source,
        m.latestVersion,
        m.approvedVersion,
        m.createdAt,
        m.updatedAt,
      ]);
      await insertVersion(tx, first);
    });
  }

  async get(id: string): Promise<Material | undefined> {
    const r = await this.#q.one(`SELECT ${M_COLS} FROM materials WHERE id = ?`, [id]);
    return r && toMaterial(r);
  }

  async list(schoolId: string, filter: LibraryFilter): Promise<Material[]> {
    const where = ['school_id = ?'];
    const params: string[] = [schoolId];
    if (filter.subjectId) (where.push('subject_id = ?'), params.push(filter.subjectId));
    if (filter.gradeId) (where.push('grade_id = ?'), params.push(filter.gradeId));
    if (filter.topic) (where.push('LOWER(topic) LIKE ?'), params.push(`%${filter.topic.toLowerCase().replace(/[%_]/g, '')}%`));
    const rows = await this.#q.all(`SELECT ${M_COLS} FROM materials WHERE ${where.join(' AND ')} ORDER BY subject_id, grade_id, topic, created_at, id`, params);
    return rows.map(toMaterial);
  }

  async withLatestIn(schoolId: string, state: VersionState): Promise<Material[]> {
    const rows = await this.#q.all(
      `SELECT ${M_COLS.split(', ').map((c) => `m.${c}`).join(', ')} FROM materials m JOIN material_versions v ON v.material_id = m.id AND v.version = m.latest_version
       WHERE m.school_id = ? AND v.state = ? ORDER BY m.updated_at, m.id`,
      [schoolId, state],
    );
    return rows.map(toMaterial);
  }

  async version(materialId: string, version: number): Promise<MaterialVersion | undefined> {
    const r = await this.#q.one(`SELECT ${V_COLS} FROM material_versions WHERE material_id = ? AND version = ?`, [materialId, version]);
    return r && toVersion(r);
  }

  async versions(materialId: string): Promise<MaterialVersion[]> {
    const rows = await this.#q.all(`SELECT ${V_COLS} FROM material_versions WHERE material_id = ? ORDER BY version`, [materialId]);
    return rows.map(toVersion);
  }

  async addVersion(v: MaterialVersion): Promise<void> {
    await atomically(this.#q, async (tx) => {
      await insertVersion(tx, v);
      await tx.run('UPDATE materials SET latest_version = ?, updated_at = ? WHERE id = ?', [v.version, v.createdAt, v.materialId]);
    });
  }

  async setState(materialId: string, version: number, state: VersionState, at: number, approve: boolean): Promise<void> {
    await atomically(this.#q, async (tx) => {
      await tx.run('UPDATE material_versions SET state = ? WHERE material_id = ? AND version = ?', [state, materialId, version]);
      if (approve) await tx.run('UPDATE materials SET approved_version = ?, updated_at = ? WHERE id = ?', [version, at, materialId]);
      else await tx.run('UPDATE materials SET updated_at = ? WHERE id = ?', [at, materialId]);
    });
  }

  async addReview(r: MaterialReview): Promise<void> {
    await this.#q.run('INSERT INTO material_reviews (material_id, version, actor_id, step, comment, at) VALUES (?, ?, ?, ?, ?, ?)', [
      r.materialId,
      r.version,
      r.actorId,
      r.step,
      r.comment,
      r.at,
    ]);
  }

  async reviews(materialId: string): Promise<MaterialReview[]> {
    const rows = await this.#q.all('SELECT material_id, version, actor_id, step, comment, at FROM material_reviews WHERE material_id = ? ORDER BY id', [materialId]);
    return rows.map((r) => ({
      materialId: String(r.material_id),
      version: Number(r.version),
      actorId: String(r.actor_id),
      step: String(r.step) as ReviewStep,
      comment: String(r.comment),
      at: Number(r.at),
    }));
  }

  async share(s: MaterialShare): Promise<void> {
    await this.#q.run(
      `INSERT INTO material_shares (material_id, class_id, subject_id, shared_by, lesson_id, shared_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (material_id, class_id) DO UPDATE SET lesson_id = COALESCE(excluded.lesson_id, material_shares.lesson_id)`,
      [s.materialId, s.classId, s.subjectId, s.sharedBy, s.lessonId, s.sharedAt],
    );
  }

  async getShare(materialId: string, classId: string): Promise<MaterialShare | undefined> {
    const r = await this.#q.one('SELECT material_id, class_id, subject_id, shared_by, lesson_id, shared_at FROM material_shares WHERE material_id = ? AND class_id = ?', [
      materialId,
      classId,
    ]);
    return r && toShare(r);
  }

  async sharesOfClass(classId: string): Promise<MaterialShare[]> {
    const rows = await this.#q.all('SELECT material_id, class_id, subject_id, shared_by, lesson_id, shared_at FROM material_shares WHERE class_id = ? ORDER BY shared_at DESC, material_id', [
      classId,
    ]);
    return rows.map(toShare);
  }
}

export class SqlMaterialUsageStore implements MaterialUsageStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async openView(v: MaterialView): Promise<void> {
    await this.#q.run(`INSERT INTO material_views (${VIEW_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      v.id,
      v.schoolId,
      v.materialId,
      v.version,
      v.studentId,
      v.classId,
      v.openedAt,
      v.lastSeenAt,
      v.seconds,
      v.pageCount,
      JSON.stringify(v.pages),
      v.watchedPermille,
    ]);
  }

  async getView(id: string): Promise<MaterialView | undefined> {
    const r = await this.#q.one(`SELECT ${VIEW_COLS} FROM material_views WHERE id = ?`, [id]);
    return r && toView(r);
  }

  async updateView(id: string, c: Pick<MaterialView, 'lastSeenAt' | 'seconds' | 'pageCount' | 'pages' | 'watchedPermille'>): Promise<void> {
    await this.#q.run('UPDATE material_views SET last_seen_at = ?, seconds = ?, page_count = ?, pages = ?, watched_permille = ? WHERE id = ?', [
      c.lastSeenAt,
      c.seconds,
      c.pageCount,
      JSON.stringify(c.pages),
      c.watchedPermille,
      id,
    ]);
  }

  async viewsOf(materialId: string): Promise<MaterialView[]> {
    const rows = await this.#q.all(`SELECT ${VIEW_COLS} FROM material_views WHERE material_id = ? ORDER BY opened_at, id`, [materialId]);
    return rows.map(toView);
  }

  async viewsInSchool(schoolId: string, from: number, to: number): Promise<MaterialView[]> {
    const rows = await this.#q.all(`SELECT ${VIEW_COLS} FROM material_views WHERE school_id = ? AND opened_at >= ? AND opened_at < ? ORDER BY opened_at, id`, [schoolId, from, to]);
    return rows.map(toView);
  }

  async remind(materialId: string, studentIds: readonly string[], sentBy: string, at: number): Promise<void> {
    await atomically(this.#q, async (tx) => {
      for (const studentId of studentIds) {
        await tx.run(
          `INSERT INTO material_reminders (material_id, student_id, sent_by, sent_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (material_id, student_id) DO UPDATE SET sent_by = excluded.sent_by, sent_at = excluded.sent_at`,
          [materialId, studentId, sentBy, at],
        );
      }
    });
  }

  async remindersOf(materialId: string): Promise<{ studentId: string; sentAt: number }[]> {
    const rows = await this.#q.all('SELECT student_id, sent_at FROM material_reminders WHERE material_id = ? ORDER BY student_id', [materialId]);
    return rows.map((r) => ({ studentId: String(r.student_id), sentAt: Number(r.sent_at) }));
  }

  async remindersFor(studentId: string): Promise<{ materialId: string; sentAt: number }[]> {
    const rows = await this.#q.all('SELECT material_id, sent_at FROM material_reminders WHERE student_id = ? ORDER BY sent_at DESC', [studentId]);
    return rows.map((r) => ({ materialId: String(r.material_id), sentAt: Number(r.sent_at) }));
  }
}
