/**
 * Learning materials (R9, R12, Circular 09/2021 art. 7.3): the school's library by subject,
 * grade and topic; every version kept; the approval steps (teacher submits, the head of the
 * subject group reviews, the principal approves or returns); the classes a material is given
 * to; and students' use of it.
 */

export type MaterialKind = 'file' | 'link' | 'page';
export const MATERIAL_CONTENT_KINDS: readonly MaterialKind[] = ['file', 'link', 'page'];

/** Where a material comes from: the school's own teachers, or imported approved from the ministry or the province. */
export type MaterialSource = 'school' | 'ministry' | 'province';

/**
 * A version's place in the approval: draft (being written) → submitted (waiting for the head of
 * the subject group) → reviewed (waiting for the principal) → approved; either reviewer may
 * send it back (returned), after which the owner edits (a new version) and submits again.
 */
export type VersionState = 'draft' | 'submitted' | 'reviewed' | 'approved' | 'returned';

export type ReviewStep = 'submitted' | 'head_approved' | 'head_returned' | 'principal_approved' | 'principal_returned' | 'imported';

export interface Material {
  id: string;
  schoolId: string;
  subjectId: string;
  gradeId: string;
  /** Free text ("Chương 1: Mệnh đề"), '' when none. */
  topic: string;
  ownerId: string;
  source: MaterialSource;
  latestVersion: number;
  /** The version students see; null until one is approved. A later edit does not change it until approved. */
  approvedVersion: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface MaterialVersion {
  materialId: string;
  version: number;
  kind: MaterialKind;
  title: string;
  description: string;
  /** kind 'file': the finished upload (purpose 'material') holding its bytes. */
  uploadId: string | null;
  /** kind 'link': an http(s) address (a video platform, a simulation). */
  url: string | null;
  /** kind 'page': sanitized rich text (classroom/assessment richText: `$…$` math, no HTML). */
  body: string | null;
  state: VersionState;
  createdBy: string;
  createdAt: number;
}

export interface MaterialReview {
  materialId: string;
  version: number;
  actorId: string;
  step: ReviewStep;
  /** Required when a version is returned; may be '' otherwise. */
  comment: string;
  at: number;
}

/** A material given to a class (ahead of time, or handed out in a live lesson). */
export interface MaterialShare {
  materialId: string;
  classId: string;
  subjectId: string;
  sharedBy: string;
  lessonId: string | null;
  sharedAt: number;
}

/** One opening of a material by a student, updated while it stays open (R12). */
export interface MaterialView {
  id: string;
  schoolId: string;
  materialId: string;
  /** The approved version the student saw. */
  version: number;
  studentId: string;
  classId: string;
  openedAt: number;
  lastSeenAt: number;
  /** Time the page was open and visible, as the viewer reported it (bounded by the wall clock). */
  seconds: number;
  /** PDF: its number of pages (0 for other kinds). */
  pageCount: number;
  /** PDF: the pages seen (1-based, sorted, unique). */
  pages: number[];
  /** Video/audio: the share watched, 0–1000. */
  watchedPermille: number;
}

export interface LibraryFilter {
  subjectId?: string;
  gradeId?: string;
  /** Case-insensitive substring of the topic. */
  topic?: string;
}

/** The library and its approval log. */
export interface MaterialStore {
  create(material: Material, first: MaterialVersion): Promise<void>;
  get(id: string): Promise<Material | undefined>;
  list(schoolId: string, filter: LibraryFilter): Promise<Material[]>;
  /** Materials of a school whose latest version is in `state` (the approval queues). */
  withLatestIn(schoolId: string, state: VersionState): Promise<Material[]>;
  version(materialId: string, version: number): Promise<MaterialVersion | undefined>;
  versions(materialId: string): Promise<MaterialVersion[]>;
  /** Adds the next version and makes it the latest. */
  addVersion(v: MaterialVersion): Promise<void>;
  /** Moves a version to `state`; `approve` also makes it the version students see. */
  setState(materialId: string, version: number, state: VersionState, at: number, approve: boolean): Promise<void>;
  addReview(review: MaterialReview): Promise<void>;
  reviews(materialId: string): Promise<MaterialReview[]>;
  /** Gives a material to a class (again: keeps the first time, records the latest lesson). */
  share(share: MaterialShare): Promise<void>;
  getShare(materialId: string, classId: string): Promise<MaterialShare | undefined>;
  sharesOfClass(classId: string): Promise<MaterialShare[]>;
}

/**
 * Students' use of materials (R12), as stored events: one row per opening. The statistics of the
 * school read it through `viewsInSchool`.
 */
export interface MaterialUsageStore {
  openView(view: MaterialView): Promise<void>;
  getView(id: string): Promise<MaterialView | undefined>;
  updateView(id: string, change: Pick<MaterialView, 'lastSeenAt' | 'seconds' | 'pageCount' | 'pages' | 'watchedPermille'>): Promise<void>;
  viewsOf(materialId: string): Promise<MaterialView[]>;
  /** Openings in a school with `from <= openedAt < to`, oldest first. */
  viewsInSchool(schoolId: string, from: number, to: number): Promise<MaterialView[]>;
  remind(materialId: string, studentIds: readonly string[], sentBy: string, at: number): Promise<void>;
  remindersOf(materialId: string): Promise<{ studentId: string; sentAt: number }[]>;
  remindersFor(studentId: string): Promise<{ materialId: string; sentAt: number }[]>;
}
