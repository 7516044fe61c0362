/**
 * The question bank over HTTP (R16; docs/http-api.md "Question bank"). Teachers manage their own
 * questions and read their subject group's shared ones; the admin reads; students and parents
 * get 403 on every route (a bank question carries its key). Bodies are the shared schemas of
 * proto/http/assessment.ts.
 */
import { z } from 'zod';
import { BUILT_IN_SCHEMES, NameLookup, can, exportQuestions, questionRef, type Actor, type BankQuery, type BankQuestion } from '../../../classroom/index.js';
import { NotAuthorizedError, ValidationError } from '../../../platform/index.js';
import { assessmentHttp as api } from '../../../proto/http/index.js';
import type { Services } from '../../services.js';
import { blobResponse } from '../download.js';
import type { ApiRequest, ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';
import { jsonBody, queryParams } from './json.js';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const filters = {
  subjectId: z.string().min(1).max(64).optional(),
  kind: z.enum(api.QUESTION_KINDS).optional(),
  gradeLevel: z.coerce.number().int().min(1).max(12).optional(),
  topic: z.string().max(200).optional(),
  level: z.enum(api.COGNITIVE_LEVELS).optional(),
  q: z.string().max(200).optional(),
  scope: z.enum(['mine', 'shared', 'all']).optional(),
  archived: flag.optional(),
};
const listQuery = z.object({ ...filters, limit: z.coerce.number().int().min(1).max(200).optional(), offset: z.coerce.number().int().min(0).max(100_000).optional() }).strict();
const exportQuery = z.object({ ...filters, format: z.enum(['gift', 'aiken']) }).strict();
const previewQuery = z.object({ format: z.enum(api.IMPORT_FORMATS), subjectId: z.string().min(1).max(64) }).strict();
const applyQuery = previewQuery
  .extend({
    shared: flag.optional(),
    skipInvalid: flag.optional(),
    gradeLevel: z.coerce.number().int().min(1).max(12).optional(),
    topic: z.string().max(200).optional(),
    level: z.enum(api.COGNITIVE_LEVELS).optional(),
  })
  .strict();

/** Largest body of an import (the .docx limit; text formats are held to theirs by the domain). */
const MAX_IMPORT_BODY = 20 * 1024 * 1024;
const MAX_IMAGE_BODY = 2 * 1024 * 1024;

function bankQuery(f: z.output<typeof listQuery>): BankQuery {
  const { q, archived, ...rest } = f;
  return { ...stripUndefined(rest), ...(q ? { text: q } : {}), ...(archived ? { includeArchived: true } : {}) };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function bytesOf(req: ApiRequest): Uint8Array {
  const body = req.body ?? Buffer.alloc(0);
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}

export function bankRoutes(services: Services): ApiRoute[] {
  const bank = services.questionBank;
  const actorOf = async (req: ApiRequest): Promise<Actor> => {
    const { actor } = await callerOf(services, req.cookieHeader);
    if (actor.role !== 'teacher' && actor.role !== 'admin') throw new NotAuthorizedError('The question bank is for teachers');
    return actor;
  };
  const view = async (actor: Actor, q: BankQuestion, names: NameLookup) => ({ question: q, ownerName: (await names.userName(q.ownerId)) ?? '', canManage: can(actor, 'question.manage', questionRef(q)) });
  const names = () => new NameLookup(services.storage);
  const id = (req: ApiRequest) => req.params.id ?? '';
  return [
    {
      method: 'get',
      path: '/api/bank/meta',
      handle: async (req) => {
        const actor = await actorOf(req);
        const subjects = await services.storage.schools.listSubjects(actor.schoolId);
        const teaches = new Set(actor.teaches.map((t) => t.subjectId));
        const limits = { maxImageBytes: services.bankImages.maxBytes, maxTextImportBytes: services.questionImport.maxBytes('gift'), maxDocxImportBytes: services.questionImport.maxBytes('docx') };
        return {
          status: 200,
          json: { subjects: subjects.map((s) => ({ id: s.id, name: s.name, canAuthor: teaches.has(s.id) })), topics: await bank.topics(actor), schemes: BUILT_IN_SCHEMES, limits },
        };
      },
    },
    {
      method: 'get',
      path: '/api/bank/questions',
      handle: async (req) => {
        const actor = await actorOf(req);
        const page = await bank.search(actor, bankQuery(queryParams(req, listQuery)));
        const n = names();
        return { status: 200, json: { items: await Promise.all(page.items.map((q) => view(actor, q, n))), total: page.total } };
      },
    },
    {
      method: 'post',
      path: '/api/bank/questions',
      handle: async (req) => {
        const actor = await actorOf(req);
        return { status: 201, json: await bank.create(actor, jsonBody(req, api.createQuestionRequest)) };
      },
    },
    {
      method: 'get',
      path: '/api/bank/questions/:id',
      handle: async (req) => {
        const actor = await actorOf(req);
        return { status: 200, json: await view(actor, await bank.get(actor, id(req)), names()) };
      },
    },
    {
      method: 'put',
      path: '/api/bank/questions/:id',
      handle: async (req) => {
        const actor = await actorOf(req);
        return { status: 200, json: await bank.update(actor, id(req), stripUndefined(jsonBody(req, api.updateQuestionRequest))) };
      },
    },
    {
      method: 'del',
      path: '/api/bank/questions/:id',
      handle: async (req) => {
        await bank.archive(await actorOf(req), id(req));
        return { status: 204 };
      },
    },
    {
      method: 'post',
      path: '/api/bank/questions/:id/copy',
      handle: async (req) => ({ status: 201, json: await bank.copy(await actorOf(req), id(req)) }),
    },
    {
      method: 'get',
      path: '/api/bank/questions/:id/versions',
      handle: async (req) => ({ status: 200, json: { versions: await bank.versions(await actorOf(req), id(req)) } }),
    },
    {
      method: 'get',
      path: '/api/bank/questions/:id/versions/:version',
      handle: async (req) => {
        const version = Number(req.params.version);
        if (!Number.isInteger(version) || version < 1) throw new ValidationError('A version is a whole number from 1');
        return { status: 200, json: { version: await bank.version(await actorOf(req), id(req), version) } };
      },
    },
    {
      method: 'post',
      path: '/api/bank/import/preview',
      maxBodyBytes: MAX_IMPORT_BODY,
      handle: async (req) => {
        const actor = await actorOf(req);
        const { format, subjectId } = queryParams(req, previewQuery);
        return { status: 200, json: await services.questionImport.preview(actor, format, bytesOf(req), { subjectId }) };
      },
    },
    {
      method: 'post',
      path: '/api/bank/import/apply',
      maxBodyBytes: MAX_IMPORT_BODY,
      handle: async (req) => {
        const actor = await actorOf(req);
        const q = queryParams(req, applyQuery);
        const tags = { gradeLevel: q.gradeLevel ?? null, topic: q.topic?.trim() || null, level: q.level ?? null };
        const result = await services.questionImport.apply(actor, q.format, bytesOf(req), { subjectId: q.subjectId, shared: q.shared ?? false, tags, skipInvalid: q.skipInvalid ?? false });
        return { status: 201, json: result };
      },
    },
    {
      method: 'get',
      path: '/api/bank/export',
      handle: async (req) => {
        const actor = await actorOf(req);
        const { format, ...rest } = queryParams(req, exportQuery);
        const result = await exportQuestions(bank, actor, format, bankQuery(rest));
        const filename = format === 'gift' ? 'ngan-hang-cau-hoi.gift.txt' : 'ngan-hang-cau-hoi.aiken.txt';
        return {
          status: 200,
          file: { contentType: 'text/plain; charset=utf-8', body: result.text, filename },
          headers: { 'x-export-count': String(result.count), 'x-export-notes': String(result.notes.length) },
        };
      },
    },
    {
      method: 'post',
      path: '/api/bank/images',
      maxBodyBytes: MAX_IMAGE_BODY,
      handle: async (req) => {
        const image = await services.bankImages.upload(await actorOf(req), bytesOf(req));
        return { status: 201, json: { image: { id: image.id, contentType: image.contentType, size: image.size } } };
      },
    },
    {
      method: 'get',
      path: '/api/bank/images/:id',
      head: true,
      handle: async (req) => {
        // Pictures are shown wherever their question is (quizzes, exams): any signed-in user of the school.
        const { actor } = await callerOf(services, req.cookieHeader);
        const image = await services.bankImages.open(actor, id(req));
        return blobResponse(services.blobs, image.blobKey, req, { fileName: `hinh-${image.id}.${image.contentType.split('/')[1]}`, disposition: 'inline' });
      },
    },
  ];
}
