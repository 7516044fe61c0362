/**
 * The question bank (R16): questions of a school, each owned by a teacher, in one subject,
 * private or shared with the subject group (tổ chuyên môn: the school's teachers of that
 * subject), tagged by grade, topic and cognitive level, with every version kept.
 */
import type { CognitiveLevel, Question, QuestionAtVersion, QuestionKind } from '../assessment/index.js';

export interface BankTags {
  /** Khối 1–12, or null. */
  gradeLevel: number | null;
  /** Chủ đề / chương ("Hàm số bậc hai"), as typed; null for none. */
  topic: string | null;
  /** Mức độ nhận thức, or null. */
  level: CognitiveLevel | null;
}

/** A question of the bank at its current version. */
export interface BankQuestion {
  id: string;
  schoolId: string;
  subjectId: string;
  ownerId: string;
  kind: QuestionKind;
  /** Visible to the school's teachers of the subject (read only; they may copy it). */
  shared: boolean;
  tags: BankTags;
  /** The current version (1, 2, …): each change of body or key makes a new one. */
  version: number;
  question: Question;
  createdAt: number;
  updatedAt: number;
  /** Archived questions leave the lists; their versions stay for regrades. */
  archivedAt: number | null;
}

/** One version of a question: what a quiz graded with it used, forever. */
export interface QuestionVersion extends QuestionAtVersion {
  question: Question;
  authorId: string;
  /** What changed, as the author said ("sửa đáp án câu c"); '' when nothing was said. */
  note: string;
  createdAt: number;
}

/** A version without its content, for the history list. */
export type VersionInfo = Omit<QuestionVersion, 'question'> & { kind: QuestionKind };

/** The stored row of a question, without its content. */
export type BankQuestionMeta = Omit<BankQuestion, 'question'>;

/** Which questions a search returns. Every field narrows; none given: the whole school. */
export interface BankFilter {
  schoolId: string;
  /**
   * Who is looking: their own questions plus the shared ones of `sharedSubjectIds`. Absent for
   * a reader of the whole school (the admin).
   */
  visibleTo?: { userId: string; sharedSubjectIds: readonly string[] };
  /** Only this owner's questions. */
  ownerId?: string;
  /** Not this owner's questions (a teacher's "shared with me"). */
  excludeOwnerId?: string;
  subjectId?: string;
  kind?: QuestionKind;
  gradeLevel?: number;
  /** Compared in lookup form (case and spacing do not matter). */
  topic?: string;
  level?: CognitiveLevel;
  /** Words of the question's text; marks and case do not matter ("phuong trinh" finds "Phương trình"). */
  text?: string;
  /** Default false. */
  includeArchived?: boolean;
  /** Newest change first. Default 50, at most 200. */
  limit?: number;
  offset?: number;
}

export interface BankPage {
  items: BankQuestion[];
  /** Matches in all, for paging. */
  total: number;
}

/** A picture of a question: its bytes are a blob; questions show it as [img:<id>]. */
export interface BankImage {
  /** The blob key's random part (22 characters of [A-Za-z0-9_-]). */
  id: string;
  schoolId: string;
  ownerId: string;
  blobKey: string;
  contentType: string;
  size: number;
  createdAt: number;
}

/** Storage of the bank. Versions are append-only. */
export interface QuestionBankStore {
  /** Inserts a question and its version 1 (`meta.version` must be 1). */
  create(meta: BankQuestionMeta, first: QuestionVersion, searchKey: string): Promise<void>;
  /**
   * Appends `next` (version = expectedVersion + 1) and makes it current, only if the current
   * version is still `expectedVersion`. False when someone else changed it first.
   */
  addVersion(next: QuestionVersion, expectedVersion: number, searchKey: string, updatedAt: number): Promise<boolean>;
  /** Sharing and tags: no new version (they do not change what is graded). */
  updateMeta(id: string, change: { shared: boolean; tags: BankTags; updatedAt: number }): Promise<void>;
  get(id: string): Promise<BankQuestion | undefined>;
  getVersion(id: string, version: number): Promise<QuestionVersion | undefined>;
  /** Several versions at once (a quiz's questions), in the order asked; missing ones are left out. */
  getVersions(refs: readonly QuestionAtVersion[]): Promise<QuestionVersion[]>;
  /** Oldest first. */
  listVersions(id: string): Promise<VersionInfo[]>;
  search(filter: BankFilter): Promise<BankPage>;
  /** False when already archived or unknown. */
  archive(id: string, at: number): Promise<boolean>;
  /** Topics in use among the questions `filter` sees, in lookup order. */
  topics(filter: Pick<BankFilter, 'schoolId' | 'visibleTo' | 'subjectId'>): Promise<string[]>;
  addImage(image: BankImage): Promise<void>;
  getImage(id: string): Promise<BankImage | undefined>;
  /** The images among `ids` that belong to `schoolId`. */
  imagesOf(schoolId: string, ids: readonly string[]): Promise<BankImage[]>;
}
