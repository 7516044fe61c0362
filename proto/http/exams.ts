/**
 * HTTP shapes of assigned quizzes and online exams (docs/http-api.md "Quizzes and exams"): ONE
 * zod/mini schema per request and response body, shared by the server routes and the client.
 * Requests are strict; responses strip unknown fields. A student's responses carry question
 * bodies only: no key, no score before release, no other student's data (the server never
 * sends them; these shapes do not even name them).
 */
import * as z from 'zod/mini';
import { question, questionBody, questionKind, scoringScheme } from './assessment.js';

const id = () => z.string().check(z.minLength(1), z.maxLength(64));
const itemId = () => z.string().check(z.minLength(1), z.maxLength(16));
/** The browser tab's random id (sessionStorage): a second tab or device shows as another. */
export const clientId = () => z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/));
const text = (max: number) => z.string().check(z.maxLength(max));

export const EXAM_MODES = ['quiz', 'exam'] as const;
export const RELEASE_POLICIES = ['immediately', 'after_close', 'manual'] as const;
export const ATTEMPT_STATUSES = ['in_progress', 'submitted', 'closed_by_deadline'] as const;
export const CLIENT_EVENT_KINDS = ['page_hidden', 'blur', 'fullscreen_exit', 'copy', 'paste'] as const;

export const answer = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('single_choice'), choice: z.nullable(itemId()) }),
  z.strictObject({ kind: z.literal('multiple_choice'), choices: z.array(itemId()).check(z.maxLength(10)) }),
  z.strictObject({ kind: z.literal('true_false'), values: z.record(itemId(), z.boolean()) }),
  z.strictObject({ kind: z.literal('numeric'), text: text(200) }),
  z.strictObject({ kind: z.literal('short_text'), text: text(2000) }),
  z.strictObject({ kind: z.literal('essay'), text: text(20_000) }),
]);

/** POST /api/exams */
export const createExamRequest = z.strictObject({
  classId: id(),
  subjectId: id(),
  title: text(200),
  mode: z.enum(EXAM_MODES),
  opensAt: z.int(),
  closesAt: z.int(),
  timeLimitMinutes: z.nullable(z.int()),
  attemptsAllowed: z.int(),
  shuffleQuestions: z.boolean(),
  shuffleOptions: z.boolean(),
  releasePolicy: z.enum(RELEASE_POLICIES),
  scheme: z.string().check(z.maxLength(40)),
  questions: z.array(z.strictObject({ questionId: id(), version: z.optional(z.int()), points: z.optional(z.number()) })).check(z.maxLength(200)),
  lessonId: z.optional(z.nullable(id())),
});

/** One quiz or exam as its teacher lists it. */
export const examSummary = z.object({
  id: z.string(),
  classId: z.string(),
  subjectId: z.string(),
  mode: z.enum(EXAM_MODES),
  title: z.string(),
  opensAt: z.number(),
  closesAt: z.number(),
  timeLimitMs: z.nullable(z.number()),
  attemptsAllowed: z.number(),
  releasePolicy: z.enum(RELEASE_POLICIES),
  releasedAt: z.nullable(z.number()),
  questionCount: z.number(),
  maxPoints: z.number(),
  scheme: scoringScheme,
  /** The live lesson it runs in, or null. */
  lessonId: z.optional(z.nullable(z.string())),
});
export const examResponse = z.object({ exam: examSummary });
/** GET /api/exams (teacher): with what the create form needs. */
export const examListResponse = z.object({
  exams: z.array(examSummary),
  classes: z.array(z.object({ classId: z.string(), className: z.string(), subjectId: z.string(), subjectName: z.string() })),
  /** Lessons a new exam may run in (running or within two weeks), for the form's lesson choice. */
  lessons: z.array(z.object({ lessonId: z.string(), classId: z.string(), subjectId: z.string(), title: z.string(), scheduledStart: z.number(), scheduledEnd: z.number(), live: z.boolean() })),
});

const flagCounts = z.record(z.string(), z.number());
export const examEvent = z.object({ id: z.number(), attemptId: z.nullable(z.string()), studentId: z.nullable(z.string()), actorId: z.string(), kind: z.string(), at: z.number(), clientId: z.string(), ip: z.string(), data: z.record(z.string(), z.unknown()) });

/** GET /api/exams/:id/proctor?after=<eventId> */
export const proctorResponse = z.object({
  examId: z.string(),
  title: z.string(),
  mode: z.enum(EXAM_MODES),
  opensAt: z.number(),
  closesAt: z.number(),
  releasedAt: z.nullable(z.number()),
  questionCount: z.number(),
  now: z.number(),
  rows: z.array(
    z.object({
      studentId: z.string(),
      code: z.string(),
      name: z.string(),
      flags: flagCounts,
      attempt: z.nullable(
        z.object({
          attemptId: z.string(),
          number: z.number(),
          status: z.enum(ATTEMPT_STATUSES),
          startedAt: z.number(),
          deadlineAt: z.number(),
          finishedAt: z.nullable(z.number()),
          remainingMs: z.number(),
          answered: z.number(),
          points: z.nullable(z.number()),
          score10: z.nullable(z.number()),
        }),
      ),
    }),
  ),
  events: z.array(examEvent),
  lastEventId: z.number(),
});

/** GET /api/exam-attempts/:id/trail: `actors` names who did each event (the student, a teacher; "system" is the deadline). */
export const trailResponse = z.object({ events: z.array(examEvent), actors: z.record(z.string(), z.string()) });

/** GET /api/exam-attempts/:id/review (the attempt's teachers: keys included) */
export const reviewResponse = z.object({
  attemptId: z.string(),
  studentId: z.string(),
  status: z.enum(ATTEMPT_STATUSES),
  result: z.nullable(z.object({ points: z.nullable(z.number()), maxPoints: z.number(), score10: z.nullable(z.number()) })),
  items: z.array(
    z.object({
      questionId: z.string(),
      position: z.number(),
      kind: questionKind,
      points: z.number(),
      question,
      answer: z.nullable(answer),
      grade: z.object({ outcome: z.string(), points: z.nullable(z.number()), maxPoints: z.number() }),
      manual: z.nullable(z.object({ points: z.number(), feedback: z.string() })),
    }),
  ),
});
export type ReviewResponse = z.infer<typeof reviewResponse>;

/** POST /api/exam-attempts/:id/extend and /reopen */
export const timeChangeRequest = z.strictObject({ minutes: z.int(), reason: text(500) });
/** POST /api/exam-attempts/:id/grade */
export const gradeItemRequest = z.strictObject({ questionId: id(), points: z.number(), feedback: text(5000) });
/** POST /api/exams/:id/regrade */
export const regradeRequest = z.strictObject({ questionId: id(), version: z.int(), note: text(500) });
export const regradeResponse = z.object({ changed: z.array(z.object({ attemptId: z.string(), before: z.nullable(z.number()), after: z.nullable(z.number()) })) });
export const attemptChangedResponse = z.object({ attemptId: z.string(), status: z.enum(ATTEMPT_STATUSES), deadlineAt: z.number() });

/**
 * GET /api/exams/:id/statistics (teachers of the exam): per question, in the author's order,
 * and the paper the exam grades with (each question at its version, key included: the
 * teacher's own), so the page can name the options and mark the key among the choices.
 */
export const statisticsResponse = z.object({
  questions: z.array(
    z.object({ questionId: z.string(), version: z.number(), kind: questionKind, attempts: z.number(), answered: z.number(), shareCorrect: z.number(), meanShare: z.number(), choiceCounts: z.record(z.string(), z.number()), discrimination: z.nullable(z.number()) }),
  ),
  paper: z.array(z.object({ questionId: z.string(), version: z.number(), position: z.number(), points: z.number(), question })),
});

const attemptRow = z.object({
  attemptId: z.string(),
  number: z.number(),
  status: z.enum(ATTEMPT_STATUSES),
  startedAt: z.number(),
  finishedAt: z.nullable(z.number()),
  points: z.nullable(z.number()),
  maxPoints: z.number(),
  score10: z.nullable(z.number()),
  /** Suspicious events of this attempt (page hidden, blur, second session…). */
  flags: z.number(),
});

/** One regrade as recorded: who changed which question's key, when, why, and every score it moved. */
export const regradeRecord = z.object({
  id: z.number(),
  at: z.number(),
  actorId: z.string(),
  actorName: z.string(),
  questionId: z.string(),
  /** 1-based, in the author's order; 0 when the question is no longer on the paper. */
  position: z.number(),
  fromVersion: z.number(),
  toVersion: z.number(),
  note: z.string(),
  changed: z.array(z.object({ attemptId: z.string(), studentId: z.string(), studentName: z.string(), before: z.nullable(z.number()), after: z.nullable(z.number()) })),
});

/** GET /api/exams/:id/results (teachers of the exam): every student of the class with all their attempts, and the regrades. */
export const examResultsResponse = z.object({
  examId: z.string(),
  title: z.string(),
  mode: z.enum(EXAM_MODES),
  closesAt: z.number(),
  maxPoints: z.number(),
  now: z.number(),
  students: z.array(z.object({ studentId: z.string(), code: z.string(), name: z.string(), attempts: z.array(attemptRow) })),
  regrades: z.array(regradeRecord),
});

// ---- the student's side ----

/** GET /api/my/exams */
export const myExamsResponse = z.object({
  exams: z.array(
    z.object({
      examId: z.string(),
      title: z.string(),
      mode: z.enum(EXAM_MODES),
      subjectId: z.string(),
      opensAt: z.number(),
      closesAt: z.number(),
      timeLimitMs: z.nullable(z.number()),
      attemptsAllowed: z.number(),
      questionCount: z.number(),
      released: z.boolean(),
      attempts: z.array(
        z.object({ attemptId: z.string(), number: z.number(), status: z.enum(ATTEMPT_STATUSES), startedAt: z.number(), finishedAt: z.nullable(z.number()), score10: z.nullable(z.number()), points: z.nullable(z.number()), maxPoints: z.number() }),
      ),
    }),
  ),
  now: z.number(),
});

/** POST /api/exams/:id/start, POST /api/exam-attempts/:id/submit */
export const clientRequest = z.strictObject({ clientId: clientId() });

const itemGrade = z.object({ outcome: z.string(), points: z.nullable(z.number()), maxPoints: z.number() });
/** The attempt as its student sees it (start, resume, submit). */
export const attemptView = z.object({
  attemptId: z.string(),
  examId: z.string(),
  title: z.string(),
  mode: z.enum(EXAM_MODES),
  status: z.enum(ATTEMPT_STATUSES),
  startedAt: z.number(),
  deadlineAt: z.number(),
  now: z.number(),
  questions: z.array(z.object({ questionId: z.string(), position: z.number(), partId: z.string(), points: z.number(), body: questionBody })),
  answers: z.array(z.object({ questionId: z.string(), answer, seq: z.number() })),
  result: z.nullable(
    z.object({
      points: z.nullable(z.number()),
      maxPoints: z.number(),
      score10: z.nullable(z.number()),
      items: z.array(z.object({ questionId: z.string(), grade: itemGrade, manual: z.nullable(z.object({ points: z.number(), feedback: z.string() })) })),
    }),
  ),
});

/** PUT /api/exam-attempts/:id/answers/:questionId: acknowledged (200) only once durable. */
export const saveAnswerRequest = z.strictObject({ answer, seq: z.int().check(z.gte(1)), clientId: clientId() });
export const saveAnswerResponse = z.object({ seq: z.number(), savedAt: z.number(), deadlineAt: z.number(), now: z.number() });

/** POST /api/exam-attempts/:id/events */
export const reportEventRequest = z.strictObject({ kind: z.enum(CLIENT_EVENT_KINDS), detail: text(200), clientId: clientId() });

export type Answer = z.infer<typeof answer>;
export type CreateExamRequest = z.infer<typeof createExamRequest>;
export type ExamSummary = z.infer<typeof examSummary>;
export type ExamListResponse = z.infer<typeof examListResponse>;
export type ProctorResponse = z.infer<typeof proctorResponse>;
export type ExamEventDto = z.infer<typeof examEvent>;
export type MyExamsResponse = z.infer<typeof myExamsResponse>;
export type AttemptViewDto = z.infer<typeof attemptView>;
export type SaveAnswerResponse = z.infer<typeof saveAnswerResponse>;
export type StatisticsResponse = z.infer<typeof statisticsResponse>;
export type ExamResultsResponse = z.infer<typeof examResultsResponse>;
export type RegradeRecord = z.infer<typeof regradeRecord>;
export type TrailResponse = z.infer<typeof trailResponse>;
export type RegradeResponse = z.infer<typeof regradeResponse>;
