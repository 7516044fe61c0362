/** Questions and answers of a class + subject between lessons (R13): docs/http-api.md "Questions and answers". */
import { ValidationError } from '../../../platform/index.js';
import { classQaHttp } from '../../../proto/http/index.js';
import type { Services } from '../../services.js';
import { blobResponse } from '../download.js';
import type { ApiRequest, ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';
import { sharedBody } from './sharedSchemas.js';

const POST_MAX_BYTES = 32 * 1024;

function photoBytes(req: ApiRequest): Uint8Array {
  if (!/^image\/(jpeg|png|webp)\b/i.test(req.contentType)) throw new ValidationError('Send the photo as image/jpeg, image/png or image/webp');
  const b = req.body ?? Buffer.alloc(0);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export function classQaRoutes(services: Services): ApiRoute[] {
  const actorOf = async (req: ApiRequest) => (await callerOf(services, req.cookieHeader)).actor;
  const qa = services.classQa;
  const question = (req: ApiRequest) => req.params.questionId ?? '';
  return [
    {
      method: 'get',
      path: '/api/qa/places',
      handle: async (req) => {
        const json: classQaHttp.PlacesResponse = { places: await qa.places(await actorOf(req)) };
        return { status: 200, json };
      },
    },
    {
      method: 'get',
      path: '/api/qa/notifications',
      handle: async (req) => {
        const json: classQaHttp.NotificationsResponse = await qa.notifications(await actorOf(req));
        return { status: 200, json };
      },
    },
    {
      method: 'get',
      path: '/api/classes/:classId/subjects/:subjectId/questions',
      handle: async (req) => {
        const json: classQaHttp.ListResponse = await qa.list(await actorOf(req), req.params.classId ?? '', req.params.subjectId ?? '');
        return { status: 200, json };
      },
    },
    {
      method: 'post',
      path: '/api/classes/:classId/subjects/:subjectId/questions',
      maxBodyBytes: POST_MAX_BYTES,
      handle: async (req) => {
        const actor = await actorOf(req);
        const q = await qa.ask(actor, req.params.classId ?? '', req.params.subjectId ?? '', sharedBody(req, classQaHttp.postBody));
        return { status: 201, json: { question: q } };
      },
    },
    {
      method: 'get',
      path: '/api/qa/questions/:questionId',
      handle: async (req) => {
        const json: classQaHttp.ThreadResponse = await qa.thread(await actorOf(req), question(req));
        return { status: 200, json };
      },
    },
    {
      method: 'post',
      path: '/api/qa/questions/:questionId/photo',
      // The limit plus room: the domain answers "too large" with its own words up to here.
      maxBodyBytes: classQaHttp.QA_PHOTO_MAX_BYTES + 64 * 1024,
      handle: async (req) => ({ status: 201, json: { question: await qa.addPhoto(await actorOf(req), question(req), photoBytes(req)) } }),
    },
    {
      method: 'get',
      path: '/api/qa/questions/:questionId/photo',
      head: true,
      handle: async (req) => {
        const photo = await qa.photo(await actorOf(req), question(req));
        return blobResponse(services.blobs, photo.key, req, { fileName: `anh-cau-hoi.${photo.contentType.split('/')[1]}`, disposition: 'inline' });
      },
    },
    {
      method: 'post',
      path: '/api/qa/questions/:questionId/answers',
      maxBodyBytes: POST_MAX_BYTES,
      handle: async (req) => ({ status: 201, json: { answer: await qa.answer(await actorOf(req), question(req), sharedBody(req, classQaHttp.postBody)) } }),
    },
    {
      method: 'post',
      path: '/api/qa/questions/:questionId/accept',
      handle: async (req) => {
        await qa.accept(await actorOf(req), question(req), sharedBody(req, classQaHttp.acceptBody).answerId);
        return { status: 204 };
      },
    },
    {
      method: 'post',
      path: '/api/qa/questions/:questionId/moderate',
      handle: async (req) => {
        await qa.moderateQuestion(await actorOf(req), question(req), sharedBody(req, classQaHttp.moderateQuestionBody));
        return { status: 204 };
      },
    },
    {
      method: 'post',
      path: '/api/qa/answers/:answerId/moderate',
      handle: async (req) => {
        await qa.moderateAnswer(await actorOf(req), req.params.answerId ?? '', sharedBody(req, classQaHttp.moderateAnswerBody).hidden);
        return { status: 204 };
      },
    },
  ];
}
