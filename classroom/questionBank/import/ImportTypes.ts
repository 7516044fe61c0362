/**
 * Importing questions from files (R16), like the roster import: a preview lists, question by
 * question, what was understood and what was not; apply stores all or nothing (or, when the
 * teacher asks, only the understood ones).
 */
import type { CognitiveLevel, Question, QuestionIssueCode } from '../../assessment/index.js';

export type ImportFormat = 'gift' | 'aiken' | 'docx';
export const IMPORT_FORMATS: readonly ImportFormat[] = ['gift', 'aiken', 'docx'];

export type ImportIssueCode =
  // The whole file
  | 'FILE_TOO_LARGE'
  | 'FILE_NOT_UTF8'
  | 'FILE_NOT_DOCX'
  | 'DOCUMENT_TOO_LARGE'
  | 'NO_QUESTIONS'
  | 'TOO_MANY_QUESTIONS'
  // One question: not understood (errors)
  | 'SYNTAX'
  | 'TYPE_UNSUPPORTED'
  | 'NO_ANSWER'
  | 'ANSWER_AMBIGUOUS'
  | 'ANSWER_UNKNOWN_OPTION'
  | 'TOO_FEW_OPTIONS'
  | 'IMAGE_TOO_LARGE'
  | 'INVALID'
  // One question: understood with a loss (warnings)
  | 'FORMAT_DROPPED'
  | 'IMAGE_DROPPED'
  | 'EQUATION_PARTIAL'
  | 'ANSWER_MARKS_DISAGREE'
  | 'FEEDBACK_DROPPED';

export interface ImportIssue {
  /** error: the question cannot be imported; warning: it can, with what `message` says lost. */
  severity: 'error' | 'warning';
  code: ImportIssueCode;
  /** English, for logs and API clients; the UI translates `code`. */
  message: string;
  /** INVALID: the field and the validator's code ("body.options.1.text", "TEXT_EMPTY"). */
  path?: string;
  questionCode?: QuestionIssueCode;
}

/** An image found in the file, kept with its question. */
export interface ImportImage {
  /** The placeholder id used in the question's text until the image is stored. */
  placeholder: string;
  contentType: string;
  bytes: Uint8Array;
}

/** One question as a parser read it, before validation. */
export interface ParsedItem {
  /** 1-based line (GIFT, Aiken) or paragraph (docx) where it starts. */
  line: number;
  /** "Câu 3" (docx), the GIFT title, or null. */
  label: string | null;
  /** The start of the question as written, so the teacher recognizes it. */
  excerpt: string;
  /** What was understood, or null when nothing usable was. */
  draft: Question | null;
  /** Tags read from the file (GIFT $CATEGORY, docx "(NB)"), when any. */
  topic?: string | null;
  level?: CognitiveLevel | null;
  /** "Phần II" when the document has parts. */
  section?: string | null;
  images: ImportImage[];
  issues: ImportIssue[];
}

export interface ParsedFile {
  items: ParsedItem[];
  /** Problems of the whole file. */
  issues: ImportIssue[];
}

/** One question of the preview. */
export interface ImportItemView {
  /** 1-based position in the file: what `apply` reports and `skip` refers to. */
  index: number;
  line: number;
  label: string | null;
  excerpt: string;
  /** The question as it would be stored (sanitized), or null. */
  question: Question | null;
  topic: string | null;
  level: CognitiveLevel | null;
  section: string | null;
  imageCount: number;
  issues: ImportIssue[];
  /** True when it can be imported (no error). */
  ok: boolean;
}

export interface ImportPreview {
  format: ImportFormat;
  items: ImportItemView[];
  fileIssues: ImportIssue[];
  counts: { total: number; ok: number; withWarnings: number; failed: number };
  /** True when every question can be imported and the file itself has no problem. */
  ok: boolean;
}

export interface ImportResult {
  created: Array<{ index: number; questionId: string }>;
  /** Indexes not imported (only with skipInvalid). */
  skipped: number[];
}

export interface ImportLimits {
  /** Largest GIFT or Aiken file. Default 2 MiB. */
  maxTextBytes?: number;
  /** Largest .docx file. Default 20 MiB. */
  maxDocxBytes?: number;
  /** Largest total of the .docx's parts once unzipped. Default 60 MiB. */
  maxUnzippedBytes?: number;
  /** Largest image. Default 2 MiB. */
  maxImageBytes?: number;
  /** Most questions in one file. Default 500. */
  maxQuestions?: number;
}

export const DEFAULT_IMPORT_LIMITS: Required<ImportLimits> = {
  maxTextBytes: 2 * 1024 * 1024,
  maxDocxBytes: 20 * 1024 * 1024,
  maxUnzippedBytes: 60 * 1024 * 1024,
  maxImageBytes: 2 * 1024 * 1024,
  maxQuestions: 500,
};

export function error(code: ImportIssueCode, message: string): ImportIssue {
  return { severity: 'error', code, message };
}

export function warning(code: ImportIssueCode, message: string): ImportIssue {
  return { severity: 'warning', code, message };
}
