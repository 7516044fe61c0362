/**
 * Materials as a class receives them: the teachers give approved materials to a class (ahead of
 * time or in a live lesson), its students open only the approved version of what was given to
 * their class, every opening is recorded with how far it went (R12), and the teachers see who
 * used what and remind the others.
 */
import { ConflictError, NotFoundError, ValidationError, newId, type Clock } from '../../platform/index.js';
import { assertCan, can, materialRef, type Actor } from '../authz/index.js';
import { isStored, type StoredFile } from '../files/index.js';
import type { Storage } from '../store/index.js';
import type { Material, MaterialShare, MaterialVersion, MaterialView } from './MaterialTypes.js';

/** What a student (or a teacher of the class) is shown of a given material: its approved version only. */
export interface ClassMaterial {
  material: Material;
  version: MaterialVersion;
  share: MaterialShare;
  /** For a student: opened at least once; reminded and not opened yet. */
  opened: boolean;
  reminded: boolean;
}

export interface ViewProgress {
  /** Seconds the viewer was open and visible since it opened (cumulative for this opening). */
  seconds: number;
  pageCount?: number;
  /** Pages seen since the last report (merged with those already recorded). */
  pages?: number[];
  /** Video/audio: share watched so far, 0–1000 (the highest reported is kept). */
  watchedPermille?: number;
}

export interface UsageRow {
  studentId: string;
  code: string;
  displayName: string;
  opens: number;
  firstOpenedAt: number | null;
  lastSeenAt: number | null;
  seconds: number;
  pagesSeen: number;
  pageCount: number;
  watchedPermille: number;
  remindedAt: number | null;
}

const MAX_PAGES = 5_000;
/** A report may claim at most this much more time than the wall clock allows (clock skew, rounding). */
const SECONDS_SLACK = 5;

export class MaterialAccess {
  readonly #storage: Storage;
  readonly #clock: Clock;

  constructor(storage: Storage, deps: { clock: Clock }) {
    this.#storage = storage;
    this.#clock = deps.clock;
  }

  /** Gives an approved material to a class of the caller (a teacher of that class and of the material's subject). */
  async share(actor: Actor, materialId: string, classId: string, lessonId: string | null = null): Promise<MaterialShare> {
    const m = await this.#storage.materials.get(materialId);
    if (!m || m.schoolId !== actor.schoolId) throw new NotFoundError('No such material');
    const cls = await this.#storage.schools.getClass(classId);
    if (cls?.schoolId !== actor.schoolId) throw new NotFoundError('No such class in this school');
    assertCan(actor, 'material.share', { kind: 'class_subject', schoolId: m.schoolId, classId, subjectId: m.subjectId });
    if (m.approvedVersion === null) throw new ConflictError('Only approved materials can be given to students', 'CONFLICT', { details: { reason: 'not_approved' } });
    const share: MaterialShare = { materialId, classId, subjectId: m.subjectId, sharedBy: actor.userId, lessonId, sharedAt: this.#clock.now() };
    await this.#storage.materials.share(share);
    return (await this.#storage.materials.getShare(materialId, classId)) ?? share;
  }

  /** The approved version of a material the caller may give to some class (after `share`, for a hand-out). */
  async approvedVersion(actor: Actor, materialId: string): Promise<{ material: Material; version: MaterialVersion }> {
    const m = await this.#storage.materials.get(materialId);
    if (!m || m.schoolId !== actor.schoolId || m.approvedVersion === null) throw new NotFoundError('No such material');
    if (!actor.teaches.some((t) => t.subjectId === m.subjectId)) throw new NotFoundError('No such material');
    return { material: m, version: (await this.#storage.materials.version(materialId, m.approvedVersion))! };
  }

  /** The approved materials given to a class: its students, and the teachers who may give them. */
  async ofClass(actor: Actor, classId: string): Promise<ClassMaterial[]> {
    const cls = await this.#storage.schools.getClass(classId);
    if (cls?.schoolId !== actor.schoolId) throw new NotFoundError('No such class in this school');
    const student = can(actor, 'material.view', { kind: 'class', schoolId: cls.schoolId, classId });
    const shares = await this.#storage.materials.sharesOfClass(classId);
    const visible = shares.filter((s) => student || can(actor, 'material.share', { kind: 'class_subject', schoolId: cls.schoolId, classId, subjectId: s.subjectId }));
    if (!student && visible.length === 0) assertCan(actor, 'class.read', { kind: 'class', schoolId: cls.schoolId, classId });
    const reminded = student ? new Map((await this.#storage.materialUsage.remindersFor(actor.userId)).map((r) => [r.materialId, r.sentAt])) : new Map<string, number>();
    const out: ClassMaterial[] = [];
    for (const share of visible) {
      const material = await this.#storage.materials.get(share.materialId);
      if (!material || material.approvedVersion === null) continue;
      const version = (await this.#storage.materials.version(material.id, material.approvedVersion))!;
      const opened = student && (await this.#storage.materialUsage.viewsOf(material.id)).some((v) => v.studentId === actor.userId);
      out.push({ material, version, share, opened, reminded: !opened && reminded.has(material.id) });
    }
    return out;
  }

  /**
   * What a student may open: the approved version of a material given to their class. An unknown
   * material, one of another class, one not approved yet: the same "no such material".
   */
  async forStudent(actor: Actor, materialId: string): Promise<{ material: Material; version: MaterialVersion; classId: string }> {
    const m = await this.#storage.materials.get(materialId);
    const classId = actor.classId;
    if (!m || m.schoolId !== actor.schoolId || m.approvedVersion === null || classId === null) throw new NotFoundError('No such material');
    if (!can(actor, 'material.view', { kind: 'class', schoolId: m.schoolId, classId })) throw new NotFoundError('No such material');
    if (!(await this.#storage.materials.getShare(materialId, classId))) throw new NotFoundError('No such material');
    return { material: m, version: (await this.#storage.materials.version(materialId, m.approvedVersion))!, classId };
  }

  /**
   * The file of a version for a download or the viewer: staff who may read the library get any
   * version; a student only the approved version given to their class (`version` ignored).
   */
  async file(actor: Actor, materialId: string, version: number | null): Promise<{ file: StoredFile; version: MaterialVersion }> {
    let v: MaterialVersion | undefined;
    if (actor.role === 'student') {
      v = (await this.forStudent(actor, materialId)).version;
    } else {
      const m = await this.#storage.materials.get(materialId);
      if (!m || m.schoolId !== actor.schoolId) throw new NotFoundError('No such material');
      if (!can(actor, 'material.read', materialRef(m))) throw new NotFoundError('No such material');
      v = await this.#storage.materials.version(materialId, version ?? m.approvedVersion ?? m.latestVersion);
    }
    if (!v || v.uploadId === null) throw new NotFoundError('This material has no file');
    const file = await this.#storage.uploads.get(v.uploadId);
    if (!file || !isStored(file)) throw new NotFoundError('This material has no file');
    return { file, version: v };
  }

  /** A student opens a material: one recorded opening, whose id the viewer reports progress on. */
  async open(actor: Actor, materialId: string): Promise<MaterialView> {
    const { material, version, classId } = await this.forStudent(actor, materialId);
    const now = this.#clock.now();
    const view: MaterialView = {
      id: newId('mv'),
      schoolId: material.schoolId,
      materialId,
      version: version.version,
      studentId: actor.userId,
      classId,
      openedAt: now,
      lastSeenAt: now,
      seconds: 0,
      pageCount: 0,
      pages: [],
      watchedPermille: 0,
    };
    await this.#storage.materialUsage.openView(view);
    return view;
  }

  /** The viewer's report on an opening of the caller's own. Seconds are bounded by the wall clock since it opened. */
  async progress(actor: Actor, viewId: string, p: ViewProgress): Promise<MaterialView> {
    const view = await this.#storage.materialUsage.getView(viewId);
    if (!view || view.studentId !== actor.userId) throw new NotFoundError('No such opening');
    const pageCount = Math.min(p.pageCount ?? view.pageCount, MAX_PAGES);
    const pages = p.pages ?? [];
    if (pages.length > MAX_PAGES || pages.some((n) => !Number.isInteger(n) || n < 1 || n > Math.max(pageCount, 1))) {
      throw new ValidationError('Page numbers must be within the document', { details: { field: 'pages' } });
    }
    const now = this.#clock.now();
    const bound = Math.floor((now - view.openedAt) / 1000) + SECONDS_SLACK;
    const next = {
      lastSeenAt: now,
      seconds: Math.max(view.seconds, Math.min(Math.floor(p.seconds), bound)),
      pageCount,
      pages: [...new Set([...view.pages, ...pages])].sort((a, b) => a - b),
      watchedPermille: Math.max(view.watchedPermille, Math.min(1000, Math.max(0, Math.floor(p.watchedPermille ?? 0)))),
    };
    await this.#storage.materialUsage.updateView(viewId, next);
    return { ...view, ...next };
  }

  /** Per student of the class: opened or not, when, how long, how far (R12). */
  async usage(actor: Actor, materialId: string, classId: string): Promise<{ material: Material; rows: UsageRow[] }> {
    const { material } = await this.#teacherSide(actor, materialId, classId);
    const [roster, views, reminders] = await Promise.all([
      this.#storage.schools.rosterOfClass(classId),
      this.#storage.materialUsage.viewsOf(materialId),
      this.#storage.materialUsage.remindersOf(materialId),
    ]);
    const remindedAt = new Map(reminders.map((r) => [r.studentId, r.sentAt]));
    const rows = roster.map((s): UsageRow => {
      const mine = views.filter((v) => v.studentId === s.userId && v.classId === classId);
      const pages = new Set(mine.flatMap((v) => v.pages));
      return {
        studentId: s.userId,
        code: s.code,
        displayName: s.displayName,
        opens: mine.length,
        firstOpenedAt: mine[0]?.openedAt ?? null,
        lastSeenAt: mine.length ? Math.max(...mine.map((v) => v.lastSeenAt)) : null,
        seconds: mine.reduce((t, v) => t + v.seconds, 0),
        pagesSeen: pages.size,
        pageCount: Math.max(0, ...mine.map((v) => v.pageCount)),
        watchedPermille: Math.max(0, ...mine.map((v) => v.watchedPermille)),
        remindedAt: remindedAt.get(s.userId) ?? null,
      };
    });
    return { material, rows };
  }

  /** Reminds the class's students who have not opened the material yet; resolves with how many. */
  async remind(actor: Actor, materialId: string, classId: string): Promise<number> {
    const { rows } = await this.usage(actor, materialId, classId);
    const missing = rows.filter((r) => r.opens === 0).map((r) => r.studentId);
    if (missing.length > 0) await this.#storage.materialUsage.remind(materialId, missing, actor.userId, this.#clock.now());
    return missing.length;
  }

  async #teacherSide(actor: Actor, materialId: string, classId: string): Promise<{ material: Material }> {
    const m = await this.#storage.materials.get(materialId);
    if (!m || m.schoolId !== actor.schoolId) throw new NotFoundError('No such material');
    assertCan(actor, 'material.readUsage', { kind: 'class_subject', schoolId: m.schoolId, classId, subjectId: m.subjectId });
    if (!(await this.#storage.materials.getShare(materialId, classId))) throw new NotFoundError('This material was not given to this class');
    return { material: m };
  }
}
