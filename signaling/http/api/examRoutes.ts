/**
 * Assigned quizzes and online exams over HTTP (R11; docs/http-api.md "Quizzes and exams").
 * Saves go over HTTP, not the lesson's WebSocket: an exam need not run in a live lesson, and a
 * 200 after the transaction commits is the durable acknowledgement, with retries as plain
 * idempotent PUTs (seq). The proctor's page polls its view every 2 s (events after an id).
 */
import { z } from 'zod';
import { NameLookup, resultsCsv, resultsXlsx, summaryOf, type Actor, type Exam, type RequestContext } from '../../../classroom/index.js';
import { NotAuthorizedError } from '../../../platform/index.js';
import { examsHttp as api } from '../../../proto/http/index.js';
import type { Services } from '../../services.js';
import type { ApiRequest, ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';
import { jsonBody, queryParams } from './json.js';

const proctorQuery = z.object({ after: z.coerce.number().int().min(0).optional() }).strict();
const viewQuery = z.object({ clientId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) }).strict();

/** Tells the browser never to keep a copy: an exam page may sit on a shared computer. */
const NO_STORE = { 'Cache-Control': 'no-store' };

export function examRoutes(services: Services): ApiRoute[] {
  const { exams, examTaking: taking, examProctor: proctor, examResults: results, examReport: report } = services;
  const actor = async (req: ApiRequest): Promise<Actor> => (await callerOf(services, req.cookieHeader)).actor;
  const teacher = async (req: ApiRequest): Promise<Actor> => {
    const a = await actor(req);
    if (a.role !== 'teacher') throw new NotAuthorizedError('Quizzes and exams are given by teachers');
    return a;
  };
  const ctxOf = (req: ApiRequest, clientId: string): RequestContext => ({ clientId, ip: req.remoteAddress });
  const p = (req: ApiRequest) => req.params.id ?? '';
  const summary = (e: Exam) => {
    const s = summaryOf(e);
    return { id: e.id, classId: e.classId, subjectId: e.subjectId, mode: e.mode, title: e.title, opensAt: e.opensAt, closesAt: e.closesAt, timeLimitMs: e.timeLimitMs, attemptsAllowed: e.attemptsAllowed, releasePolicy: e.releasePolicy, releasedAt: e.releasedAt, questionCount: e.questions.length, maxPoints: s.maxPoints, scheme: e.scheme, lessonId: e.lessonId };
  };
  const json = (status: number, body: unknown) => ({ status, json: body, headers: NO_STORE });

  return [
    // ---- the teacher's side ----
    {
      method: 'get',
      path: '/api/exams',
      handle: async (req) => {
        const a = await teacher(req);
        const names = new NameLookup(services.storage);
        const classes = await Promise.all(a.teaches.map(async (t) => ({ classId: t.classId, className: (await names.className(t.classId)) ?? '', subjectId: t.subjectId, subjectName: (await names.subjectName(t.subjectId)) ?? '' })));
        return json(200, { exams: (await exams.list(a)).map(summary), classes, lessons: await exams.lessonChoices(a) });
      },
    },
    {
      method: 'post',
      path: '/api/exams',
      handle: async (req) => {
        const a = await teacher(req);
        const body = jsonBody(req, api.createExamRequest);
        const { lessonId, ...rest } = body;
        return json(201, { exam: summary(await exams.create(a, { ...rest, questions: body.questions.map((q) => ({ questionId: q.questionId, ...(q.version === undefined ? {} : { version: q.version }), ...(q.points === undefined ? {} : { points: q.points }) })), lessonId: lessonId ?? null })) });
      },
    },
    {
      method: 'get',
      path: '/api/exams/:id/proctor',
      handle: async (req) => json(200, await proctor.view(await teacher(req), p(req), queryParams(req, proctorQuery).after ?? 0)),
    },
    {
      method: 'post',
      path: '/api/exams/:id/release',
      handle: async (req) => json(200, { exam: summary(await exams.release(await teacher(req), p(req))) }),
    },
    {
      method: 'post',
      path: '/api/exams/:id/regrade',
      handle: async (req) => {
        const a = await teacher(req);
        const body = jsonBody(req, api.regradeRequest);
        return json(200, await exams.regrade(a, p(req), body.questionId, body.version, body.note));
      },
    },
    {
      method: 'get',
      path: '/api/exams/:id/statistics',
      handle: async (req) => {
        const a = await teacher(req);
        const paper = await report.paper(a, p(req));
        return json(200, { questions: await results.questionStatistics(p(req)), paper });
      },
    },
    {
      method: 'get',
      path: '/api/exams/:id/results',
      handle: async (req) => json(200, await report.results(await teacher(req), p(req))),
    },
    {
      method: 'get',
      path: '/api/exams/:id/results.csv',
      handle: async (req) => {
        const a = await teacher(req);
        const exam = await exams.get(a, p(req));
        const view = await proctor.view(a, exam.id);
        return { status: 200, headers: NO_STORE, file: { contentType: 'text/csv; charset=utf-8', body: resultsCsv(view.rows), filename: `ket-qua-${exam.id}.csv` } };
      },
    },
    {
      method: 'get',
      path: '/api/exams/:id/results.xlsx',
      handle: async (req) => {
        const a = await teacher(req);
        const exam = await exams.get(a, p(req));
        const view = await proctor.view(a, exam.id);
        return { status: 200, headers: NO_STORE, file: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: Buffer.from(resultsXlsx(view.rows)), filename: `ket-qua-${exam.id}.xlsx` } };
      },
    },
    {
      method: 'get',
      path: '/api/exam-attempts/:id/trail',
      handle: async (req) => {
        const events = await proctor.trail(await teacher(req), p(req));
        return json(200, { events, actors: await report.actorNames(events) });
      },
    },
    {
      method: 'get',
      path: '/api/exam-attempts/:id/review',
      handle: async (req) => {
        const { attempt, items } = await exams.review(await teacher(req), p(req));
        return json(200, { attemptId: attempt.id, studentId: attempt.studentId, status: attempt.status, result: attempt.result, items });
      },
    },
    {
      method: 'post',
      path: '/api/exam-attempts/:id/extend',
      handle: async (req) => {
        const a = await teacher(req);
        const body = jsonBody(req, api.timeChangeRequest);
        const at = await exams.extend(a, p(req), body.minutes, body.reason);
        return json(200, { attemptId: at.id, status: at.status, deadlineAt: at.deadlineAt });
      },
    },
    {
      method: 'post',
      path: '/api/exam-attempts/:id/reopen',
      handle: async (req) => {
        const a = await teacher(req);
        const body = jsonBody(req, api.timeChangeRequest);
        const at = await exams.reopen(a, p(req), body.minutes, body.reason);
        return json(200, { attemptId: at.id, status: at.status, deadlineAt: at.deadlineAt });
      },
    },
    {
      method: 'post',
      path: '/api/exam-attempts/:id/grade',
      handle: async (req) => {
        const a = await teacher(req);
        const body = jsonBody(req, api.gradeItemRequest);
        const at = await exams.gradeItem(a, p(req), body.questionId, body.points, body.feedback);
        return json(200, { attemptId: at.id, status: at.status, deadlineAt: at.deadlineAt });
      },
    },

    // ---- the student's side: bodies only, never a key or another student's data ----
    {
      method: 'get',
      path: '/api/my/exams',
      handle: async (req) => json(200, { exams: await taking.mine(await actor(req)), now: taking.now() }),
    },
    {
      method: 'post',
      path: '/api/exams/:id/start',
      handle: async (req) => {
        const a = await actor(req);
        const body = jsonBody(req, api.clientRequest);
        return json(200, await taking.start(a, p(req), ctxOf(req, body.clientId)));
      },
    },
    {
      method: 'get',
      path: '/api/exam-attempts/:id',
      handle: async (req) => {
        const a = await actor(req);
        return json(200, await taking.view(a, p(req), ctxOf(req, queryParams(req, viewQuery).clientId)));
      },
    },
    {
      method: 'put',
      path: '/api/exam-attempts/:id/answers/:questionId',
      maxBodyBytes: 48 * 1024,
      handle: async (req) => {
        const a = await actor(req);
        const body = jsonBody(req, api.saveAnswerRequest);
        return json(200, await taking.save(a, p(req), { questionId: req.params.questionId ?? '', answer: body.answer, seq: body.seq }, ctxOf(req, body.clientId)));
      },
    },
    {
      method: 'post',
      path: '/api/exam-attempts/:id/events',
      handle: async (req) => {
        const a = await actor(req);
        const body = jsonBody(req, api.reportEventRequest);
        await taking.report(a, p(req), body.kind, body.detail, ctxOf(req, body.clientId));
        return { status: 204 };
      },
    },
    {
      method: 'post',
      path: '/api/exam-attempts/:id/submit',
      handle: async (req) => {
        const a = await actor(req);
        const body = jsonBody(req, api.clientRequest);
        return json(200, await taking.submit(a, p(req), ctxOf(req, body.clientId)));
      },
    },
  ];
}
