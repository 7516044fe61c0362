/**
 * The materials library and its approval (R9, Circular 09/2021 art. 7.3). Every change is a new
 * version; students only ever see the approved one (MaterialAccess), so an approved material that
 * is edited keeps showing its approved version until the new one is approved in its turn.
 */
import { ConflictError, NotFoundError, ValidationError, newId, type Clock } from '../../platform/index.js';
import { assertCan, can, materialRef, ownSchool, subjectRef, type Actor } from '../authz/index.js';
import type { UploadLimits, UploadPolicy, UploadService } from '../files/index.js';
import type { Storage } from '../store/index.js';
import { checkContent, cleanLine, MATERIAL_LIMITS, type CheckedContent, type ContentInput } from './content.js';
import type { LibraryFilter, Material, MaterialReview, MaterialSource, MaterialVersion, ReviewStep, VersionState } from './MaterialTypes.js';

export interface NewMaterial extends ContentInput {
  subjectId: string;
  gradeId: string;
  topic?: string;
}

export interface ReviewDecision {
  /** The version reviewed: refused when the owner changed it meanwhile. */
  version: number;
  decision: 'approve' | 'return';
  comment?: string;
}

export interface MaterialDetail {
  material: Material;
  versions: MaterialVersion[];
  reviews: MaterialReview[];
}

export interface MaterialLimits {
  /** Largest file of a material, bytes. Default 200 MiB (a lesson video). */
  maxFileBytes: number;
}

export const DEFAULT_MATERIAL_LIMITS: MaterialLimits = { maxFileBytes: 200 * 1024 * 1024 };

export class MaterialLibrary {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #uploads: () => UploadService;
  readonly #limits: MaterialLimits;

  constructor(storage: Storage, deps: { clock: Clock; uploads: () => UploadService }, limits: Partial<MaterialLimits> = {}) {
    this.#storage = storage;
    this.#clock = deps.clock;
    this.#uploads = deps.uploads;
    this.#limits = { ...DEFAULT_MATERIAL_LIMITS, ...limits };
  }

  /** Who may upload a material's file: the subject's authors (target = the subject id). */
  uploadPolicy(): UploadPolicy {
    return {
      admit: async (actor, subjectId): Promise<UploadLimits> => {
        const subject = await this.#storage.schools.getSubject(subjectId);
        if (subject?.schoolId !== actor.schoolId) throw new NotFoundError('No such subject in this school');
        if (!can(actor, 'material.author', subjectRef(actor.schoolId, subjectId))) assertCan(actor, 'material.import', ownSchool(actor));
        return { schoolId: actor.schoolId, maxFileBytes: this.#limits.maxFileBytes, maxPendingBytes: 2 * this.#limits.maxFileBytes };
      },
    };
  }

  /** A new material (version 1, a draft) by a teacher of its subject. */
  async create(actor: Actor, input: NewMaterial): Promise<MaterialDetail> {
    assertCan(actor, 'material.author', subjectRef(actor.schoolId, input.subjectId));
    return this.#create(actor, input, 'school');
  }

  /** A material shared by the ministry or the province, added as approved (its step recorded as "imported"). */
  async importApproved(actor: Actor, input: NewMaterial & { source: Exclude<MaterialSource, 'school'> }): Promise<MaterialDetail> {
    assertCan(actor, 'material.import', ownSchool(actor));
    return this.#create(actor, input, input.source);
  }

  async #create(actor: Actor, input: NewMaterial, source: MaterialSource): Promise<MaterialDetail> {
    await this.#checkPlace(actor.schoolId, input.subjectId, input.gradeId);
    const topic = cleanLine(input.topic ?? '', MATERIAL_LIMITS.topicChars, 'topic', false);
    const content = await this.#checkContent(actor, input);
    const now = this.#clock.now();
    const imported = source !== 'school';
    const material: Material = {
      id: newId('mat'),
      schoolId: actor.schoolId,
      subjectId: input.subjectId,
      gradeId: input.gradeId,
      topic,
      ownerId: actor.userId,
      source,
      latestVersion: 1,
      approvedVersion: imported ? 1 : null,
      createdAt: now,
      updatedAt: now,
    };
    const first: MaterialVersion = { materialId: material.id, version: 1, ...content, state: imported ? 'approved' : 'draft', createdBy: actor.userId, createdAt: now };
    await this.#storage.transaction(async (tx) => {
      await tx.materials.create(material, first);
      if (imported) await tx.materials.addReview({ materialId: material.id, version: 1, actorId: actor.userId, step: 'imported', comment: source, at: now });
    });
    return this.detail(actor, material.id);
  }

  /** A new version by the owner. Refused while a version is under review (the reviewers would judge a moving target). */
  async edit(actor: Actor, id: string, input: ContentInput): Promise<MaterialDetail> {
    const m = await this.#require(actor, id);
    assertCan(actor, 'material.manage', materialRef(m));
    const latest = (await this.#storage.materials.version(id, m.latestVersion))!;
    if (latest.state === 'submitted' || latest.state === 'reviewed') {
      throw new ConflictError('This material is being reviewed: wait for the decision before changing it', 'CONFLICT', { details: { reason: 'under_review' } });
    }
    const content = await this.#checkContent(actor, input);
    const next: MaterialVersion = { materialId: id, version: m.latestVersion + 1, ...content, state: 'draft', createdBy: actor.userId, createdAt: this.#clock.now() };
    await this.#storage.materials.addVersion(next);
    return this.detail(actor, id);
  }

  /** The owner sends the latest version (a draft, or one returned) to the head of the subject group. */
  async submit(actor: Actor, id: string): Promise<MaterialDetail> {
    const m = await this.#require(actor, id);
    assertCan(actor, 'material.manage', materialRef(m));
    const latest = (await this.#storage.materials.version(id, m.latestVersion))!;
    if (latest.state !== 'draft' && latest.state !== 'returned') {
      throw new ConflictError(`Version ${latest.version} is already ${latest.state}`, 'CONFLICT', { details: { reason: 'not_draft', state: latest.state } });
    }
    await this.#step(actor, m, latest.version, 'submitted', 'submitted', '');
    return this.detail(actor, id);
  }

  /**
   * The head of the subject group decides on a submitted version, then the principal on a reviewed
   * one: approve moves it on (the principal's approval makes it the version students see), return
   * sends it back with a comment (required).
   */
  async review(actor: Actor, id: string, d: ReviewDecision): Promise<MaterialDetail> {
    const m = await this.#require(actor, id);
    // Someone who may take neither step hears "not allowed" whatever the state (no state leaks).
    if (!can(actor, 'material.review', subjectRef(m.schoolId, m.subjectId))) assertCan(actor, 'material.approve', ownSchool(m));
    const latest = (await this.#storage.materials.version(id, m.latestVersion))!;
    if (d.version !== latest.version) throw new ConflictError('The material changed since you opened it: reload it', 'CONFLICT', { details: { reason: 'stale_version' } });
    const comment = cleanLine(d.comment ?? '', MATERIAL_LIMITS.commentChars, 'comment', d.decision === 'return');
    const approve = d.decision === 'approve';
    if (latest.state === 'submitted') {
      assertCan(actor, 'material.review', subjectRef(m.schoolId, m.subjectId));
      await this.#step(actor, m, latest.version, approve ? 'reviewed' : 'returned', approve ? 'head_approved' : 'head_returned', comment);
    } else if (latest.state === 'reviewed') {
      assertCan(actor, 'material.approve', ownSchool(m));
      await this.#step(actor, m, latest.version, approve ? 'approved' : 'returned', approve ? 'principal_approved' : 'principal_returned', comment);
    } else {
      throw new ConflictError('This version is not waiting for a review', 'CONFLICT', { details: { reason: 'not_in_review', state: latest.state } });
    }
    return this.detail(actor, id);
  }

  async #step(actor: Actor, m: Material, version: number, state: VersionState, step: ReviewStep, comment: string): Promise<void> {
    const at = this.#clock.now();
    await this.#storage.transaction(async (tx) => {
      await tx.materials.setState(m.id, version, state, at, state === 'approved');
      await tx.materials.addReview({ materialId: m.id, version, actorId: actor.userId, step, comment, at });
    });
  }

  /** The library (staff): every material the caller may read, filtered. */
  async list(actor: Actor, filter: LibraryFilter): Promise<Material[]> {
    const all = await this.#storage.materials.list(actor.schoolId, filter);
    return all.filter((m) => can(actor, 'material.read', materialRef(m)));
  }

  /** What waits for the caller's decision: submitted versions of the subjects they head, reviewed ones for the principal. */
  async queue(actor: Actor): Promise<Material[]> {
    const [submitted, reviewed] = await Promise.all([this.#storage.materials.withLatestIn(actor.schoolId, 'submitted'), this.#storage.materials.withLatestIn(actor.schoolId, 'reviewed')]);
    return [
      ...submitted.filter((m) => can(actor, 'material.review', subjectRef(m.schoolId, m.subjectId))),
      ...(can(actor, 'material.approve', ownSchool(actor)) ? reviewed : []),
    ];
  }

  /** A material with every version and the approval log, for those who may read the library's copy. */
  async detail(actor: Actor, id: string): Promise<MaterialDetail> {
    const m = await this.#require(actor, id);
    assertCan(actor, 'material.read', materialRef(m));
    const [versions, reviews] = await Promise.all([this.#storage.materials.versions(id), this.#storage.materials.reviews(id)]);
    return { material: m, versions, reviews };
  }

  /** Unknown, or in another school: the same answer. */
  async #require(actor: Actor, id: string): Promise<Material> {
    const m = await this.#storage.materials.get(id);
    if (!m || m.schoolId !== actor.schoolId) throw new NotFoundError('No such material');
    return m;
  }

  async #checkPlace(schoolId: string, subjectId: string, gradeId: string): Promise<void> {
    const [subject, grades] = await Promise.all([this.#storage.schools.getSubject(subjectId), this.#storage.schools.listGrades(schoolId)]);
    if (subject?.schoolId !== schoolId) throw new NotFoundError('No such subject in this school');
    if (!grades.some((g) => g.id === gradeId)) throw new ValidationError('Choose a grade of this school', { details: { field: 'gradeId' } });
  }

  async #checkContent(actor: Actor, input: ContentInput): Promise<CheckedContent> {
    const content = checkContent(input);
    if (content.uploadId !== null) await this.#uploads().storedFileFor(actor.userId, content.uploadId, 'material');
    return content;
  }
}
