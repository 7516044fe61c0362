/** Roster import from CSV (R18): types of the preview, its row-by-row report, and the result. */

export type RosterKind = 'students' | 'teachers';

/** A column of the roster file, whatever its header says ("Mã định danh", "ma_dinh_danh"...). */
export type RosterColumn = 'code' | 'name' | 'class' | 'assignments';

export type RosterIssueCode =
  | 'FILE_NOT_UTF8'
  | 'FILE_TOO_LARGE'
  | 'CSV_SYNTAX'
  | 'NO_ROWS'
  | 'MISSING_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'WRONG_FIELD_COUNT'
  | 'ID_CODE_EMPTY'
  | 'ID_CODE_NOT_DIGITS'
  | 'ID_CODE_WRONG_LENGTH'
  | 'ID_CODE_SPREADSHEET_NUMBER'
  | 'NAME_EMPTY'
  | 'NAME_TOO_LONG'
  | 'NAME_INVALID_CHARACTERS'
  | 'CLASS_EMPTY'
  | 'CLASS_UNKNOWN'
  | 'SUBJECT_UNKNOWN'
  | 'ASSIGNMENT_INVALID'
  | 'DUPLICATE_IN_FILE'
  | 'CODE_USED_BY_OTHER_ROLE'
  | 'CODE_IN_OTHER_SCHOOL';

export interface RosterIssue {
  /** 1-based line of the file where the record starts (1 is the header). */
  line: number;
  /** The header text of the column as written in the file; null for whole-row/file issues. */
  column: string | null;
  code: RosterIssueCode;
  /** English explanation for logs and API clients; the UI translates `code`. */
  message: string;
}

export type RosterRowAction = 'create' | 'update' | 'unchanged';

export interface RosterRowPlan {
  line: number;
  code: string;
  displayName: string;
  action: RosterRowAction;
  /** Students: the class name as stored. */
  className?: string;
  /** Teachers: "class:subject" pairs as stored, when the file has the column. */
  assignments?: { className: string; subjectName: string }[];
}

export interface RosterPreview {
  kind: RosterKind;
  /** Valid rows and what apply() would do with each. */
  rows: RosterRowPlan[];
  /** Every problem found; apply() refuses a file with any. */
  issues: RosterIssue[];
  /** Columns that were not recognised and will be ignored (header text). */
  ignoredColumns: string[];
  counts: Record<RosterRowAction, number>;
  ok: boolean;
}

export interface CreatedAccount {
  userId: string;
  /** The ID code (teachers, students); null for accounts that log in with a username. */
  code: string | null;
  username: string | null;
  displayName: string;
  /**
   * The generated first password. Returned once, to be handed to the person; stored only as a
   * hash, never logged. The account must change it at first login.
   */
  initialPassword: string;
}

export interface RosterImportResult {
  kind: RosterKind;
  created: CreatedAccount[];
  updated: number;
  unchanged: number;
}

export interface RosterImportOptions {
  /** Largest accepted file. Default 2 MiB (about 20000 students). */
  maxBytes?: number;
  /** Most data rows in one file. Default 5000. */
  maxRows?: number;
}
