/**
 * assessment: the question model, rich text and its sanitizer, scoring schemes, pure grading,
 * reproducible shuffling, and the results seam. No storage: the question bank
 * (classroom/questionBank) and the quiz and exam features build on it.
 */
export type * from './QuestionTypes.js';
export { QUESTION_KINDS, COGNITIVE_LEVELS, QUESTION_LIMITS, ITEM_ID_RE } from './QuestionTypes.js';
export type * from './ScoringTypes.js';
export type * from './GradeTypes.js';
export type * from './ResultsTypes.js';
export {
  parseRichText,
  serializeRichText,
  sanitizeRichText,
  sanitizePlainText,
  plainText,
  imageIds,
  IMAGE_ID_RE,
  MAX_MATH_CHARS,
  type RichNode,
  type RichTextWarningCode,
  type SanitizeOptions,
  type Sanitized,
} from './richText.js';
export { validateQuestion, studentBody, type TextWarning, type ValidatedQuestion } from './validateQuestion.js';
export { parseDecimal, withinTolerance, type DecimalParse } from './decimal.js';
export { answerKey, matchAccepted, type TextMatchOptions } from './textMatch.js';
export {
  BUILT_IN_SCHEMES,
  SCHEME_SIMPLE,
  SCHEME_VN2025,
  SCHEME_VN2025_MATH,
  VN2025_TRUE_FALSE_TABLE,
  builtInScheme,
  kindsNotCovered,
  partFor,
  ruleCanGrade,
  validateScheme,
} from './schemes.js';
export { grade, gradeByRule, paperScore10, roundPoints, scaleRule, sumPoints, toTenPointScale, type GradeOptions } from './grade.js';
export { displayLetter, newSeed, paperFor, paperItemOf, seededRng, shuffled, type PaperItem, type PaperLayout, type PaperOptions, type Rng } from './shuffle.js';
