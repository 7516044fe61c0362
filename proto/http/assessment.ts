/**
 * HTTP shapes of the question bank (docs/http-api.md "Question bank"): ONE zod schema per
 * request and response body, used by the server route (validation) and the client (parsing).
 * zod/mini keeps what the client carries small; only the teacher's bank page imports these.
 *
 * Requests are strict (an unknown field is an error); responses strip unknown fields, so an
 * older client keeps working with a newer server. Texts are checked for size here and for
 * content by the domain (classroom/assessment validateQuestion), which also sanitizes them.
 */
import * as z from 'zod/mini';

const id = () => z.string().check(z.minLength(1), z.maxLength(64));
const itemId = () => z.string().check(z.minLength(1), z.maxLength(16));
/** Raw rich text before sanitizing; the domain's limits apply after. */
const rich = (max: number) => z.string().check(z.maxLength(max));

export const QUESTION_KINDS = ['single_choice', 'multiple_choice', 'true_false', 'numeric', 'short_text', 'essay'] as const;
export const COGNITIVE_LEVELS = ['recall', 'understand', 'apply', 'apply_high'] as const;
export const questionKind = z.enum(QUESTION_KINDS);
export const cognitiveLevel = z.enum(COGNITIVE_LEVELS);

const option = z.strictObject({ id: itemId(), text: rich(4000) });
const options = z.array(option).check(z.maxLength(10));
const statements = z.array(option).check(z.maxLength(8));
const stem = rich(20_000);

export const questionBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('single_choice'), stem, options, fixedOrder: z.boolean() }),
  z.strictObject({ kind: z.literal('multiple_choice'), stem, options, fixedOrder: z.boolean() }),
  z.strictObject({ kind: z.literal('true_false'), stem, statements, fixedOrder: z.boolean() }),
  z.strictObject({ kind: z.literal('numeric'), stem, unit: rich(40) }),
  z.strictObject({ kind: z.literal('short_text'), stem }),
  z.strictObject({ kind: z.literal('essay'), stem }),
]);

const explanation = rich(20_000);
const finite = () => z.number().check(z.refine((n) => Number.isFinite(n), 'must be a finite number'));

export const answerKey = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('single_choice'), correct: itemId(), explanation }),
  z.strictObject({ kind: z.literal('multiple_choice'), correct: z.array(itemId()).check(z.maxLength(10)), explanation }),
  z.strictObject({ kind: z.literal('true_false'), truths: z.record(itemId(), z.boolean()), explanation }),
  z.strictObject({ kind: z.literal('numeric'), answers: z.array(z.strictObject({ value: finite(), tolerance: finite() })).check(z.maxLength(10)), explanation }),
  z.strictObject({
    kind: z.literal('short_text'),
    accepted: z.array(z.string().check(z.maxLength(400))).check(z.maxLength(20)),
    caseSensitive: z.boolean(),
    ignoreDiacritics: z.boolean(),
    explanation,
  }),
  z.strictObject({ kind: z.literal('essay'), guidance: rich(20_000), explanation }),
]);

export const question = z.strictObject({ body: questionBody, key: answerKey });

export const bankTags = z.strictObject({
  gradeLevel: z.nullable(z.int().check(z.gte(1), z.lte(12))),
  topic: z.nullable(z.string().check(z.maxLength(200))),
  level: z.nullable(cognitiveLevel),
});

/** POST /api/bank/questions */
export const createQuestionRequest = z.strictObject({ subjectId: id(), shared: z.boolean(), tags: bankTags, question });

/** PUT /api/bank/questions/:id — the fields to change; `baseVersion` is the version the editor started from. */
export const updateQuestionRequest = z.strictObject({
  baseVersion: z.int().check(z.gte(1)),
  question: z.optional(question),
  shared: z.optional(z.boolean()),
  tags: z.optional(bankTags),
  note: z.optional(z.string().check(z.maxLength(400))),
});

export const bankQuestion = z.object({
  id: z.string(),
  schoolId: z.string(),
  subjectId: z.string(),
  ownerId: z.string(),
  kind: questionKind,
  shared: z.boolean(),
  tags: bankTags,
  version: z.number(),
  question,
  createdAt: z.number(),
  updatedAt: z.number(),
  archivedAt: z.nullable(z.number()),
});

const textWarning = z.object({ path: z.string(), code: z.string() });

/** 201 of POST /api/bank/questions, 200 of PUT and of POST …/copy. */
export const savedQuestionResponse = z.object({ question: bankQuestion, warnings: z.array(textWarning) });
/** GET /api/bank/questions/:id */
export const questionResponse = z.object({ question: bankQuestion, ownerName: z.string(), canManage: z.boolean() });
/** GET /api/bank/questions */
export const questionListResponse = z.object({
  items: z.array(z.object({ question: bankQuestion, ownerName: z.string(), canManage: z.boolean() })),
  total: z.number(),
});

const versionInfo = z.object({ questionId: z.string(), version: z.number(), authorId: z.string(), note: z.string(), createdAt: z.number(), kind: questionKind });
/** GET /api/bank/questions/:id/versions */
export const versionsResponse = z.object({ versions: z.array(versionInfo) });
/** GET /api/bank/questions/:id/versions/:version */
export const versionResponse = z.object({ version: z.object({ questionId: z.string(), version: z.number(), question, authorId: z.string(), note: z.string(), createdAt: z.number() }) });

const scoringRule = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all_or_nothing'), points: z.number() }),
  z.object({ type: z.literal('partial_choices'), points: z.number() }),
  z.object({ type: z.literal('by_statements'), points: z.number(), tables: z.record(z.string(), z.array(z.number())) }),
  z.object({ type: z.literal('manual'), points: z.number() }),
]);
export const scoringScheme = z.object({
  id: z.string(),
  name: z.string(),
  parts: z.array(z.object({ id: z.string(), label: z.string(), kinds: z.array(questionKind), rule: scoringRule })),
});

/** GET /api/bank/meta */
export const bankMetaResponse = z.object({
  subjects: z.array(z.object({ id: z.string(), name: z.string(), canAuthor: z.boolean() })),
  topics: z.array(z.string()),
  schemes: z.array(scoringScheme),
  limits: z.object({ maxImageBytes: z.number(), maxTextImportBytes: z.number(), maxDocxImportBytes: z.number() }),
});

export const IMPORT_FORMATS = ['gift', 'aiken', 'docx'] as const;
export const importFormat = z.enum(IMPORT_FORMATS);

const importIssue = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
  path: z.optional(z.string()),
  questionCode: z.optional(z.string()),
});

/** POST /api/bank/import/preview?format=&subjectId= (body: the file) */
export const importPreviewResponse = z.object({
  format: importFormat,
  items: z.array(
    z.object({
      index: z.number(),
      line: z.number(),
      label: z.nullable(z.string()),
      excerpt: z.string(),
      question: z.nullable(question),
      topic: z.nullable(z.string()),
      level: z.nullable(cognitiveLevel),
      section: z.nullable(z.string()),
      imageCount: z.number(),
      issues: z.array(importIssue),
      ok: z.boolean(),
    }),
  ),
  fileIssues: z.array(importIssue),
  counts: z.object({ total: z.number(), ok: z.number(), withWarnings: z.number(), failed: z.number() }),
  ok: z.boolean(),
});

/** POST /api/bank/import/apply?… (body: the same file) */
export const importResultResponse = z.object({ created: z.array(z.object({ index: z.number(), questionId: z.string() })), skipped: z.array(z.number()) });

/** POST /api/bank/images (body: the picture) */
export const imageResponse = z.object({ image: z.object({ id: z.string(), contentType: z.string(), size: z.number() }) });

export type QuestionDto = z.infer<typeof question>;
export type QuestionBodyDto = z.infer<typeof questionBody>;
export type AnswerKeyDto = z.infer<typeof answerKey>;
export type BankTagsDto = z.infer<typeof bankTags>;
export type BankQuestionDto = z.infer<typeof bankQuestion>;
export type CreateQuestionRequest = z.infer<typeof createQuestionRequest>;
export type UpdateQuestionRequest = z.infer<typeof updateQuestionRequest>;
export type SavedQuestionResponse = z.infer<typeof savedQuestionResponse>;
export type QuestionResponse = z.infer<typeof questionResponse>;
export type QuestionListResponse = z.infer<typeof questionListResponse>;
export type VersionsResponse = z.infer<typeof versionsResponse>;
export type VersionResponse = z.infer<typeof versionResponse>;
export type BankMetaResponse = z.infer<typeof bankMetaResponse>;
export type ImportPreviewResponse = z.infer<typeof importPreviewResponse>;
export type ImportResultResponse = z.infer<typeof importResultResponse>;
export type ImageResponse = z.infer<typeof imageResponse>;
export type ScoringSchemeDto = z.infer<typeof scoringScheme>;
