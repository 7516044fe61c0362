/**
 * Resumable uploads (tus 1.0, https://tus.io) at `/api/uploads`, served by @tus/server inside the
 * uWebSockets.js server (webExchange.ts). The protocol and its edge cases (offsets, locks,
 * resumption after a dropped connection, size limits while streaming) are the maintained
 * library's; this file wires it to the classroom:
 * - every request is the signed-in owner's (session cookie; someone else's upload is 404);
 * - creation (`POST`, `Upload-Length` required, `Upload-Metadata`: filename, purpose, targetId)
 *   is admitted by the UploadService: purpose policy, clean name, declared size within the file
 *   and the submission limits — a 2 GB file is refused before a byte of it is sent;
 * - the opening bytes are checked by content as soon as they arrive (StagingStore);
 * - the last PATCH finishes the upload: content checked, bytes streamed into the blob store,
 *   record completed, staging files removed — only then does the client get its 204.
 */
import { join } from 'node:path';
import { MemoryLocker, Server, type ServerOptions } from '@tus/server';
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { SNIFF_BYTES, type StoredFile } from '../../classroom/index.js';
import { AppError, isExpected, newId, type Logger } from '../../platform/index.js';
import { callerOf, type Caller } from '../http/api/callers.js';
import { httpError } from '../http/responses.js';
import type { Services } from '../services.js';
import { StagingStore } from './StagingStore.js';
import { sendWebResponse, webExchange } from './webExchange.js';

export const UPLOADS_PATH = '/api/uploads';

export interface UploadEndpointOptions {
  /** Folder of uploads on their way (`<dataDir>/uploads`). */
  directory: string;
  /** Largest file of any purpose: tus refuses a larger Upload-Length at once (413). */
  maxFileBytes: number;
  /** Unfinished uploads are removed after this long. Default 24 h. */
  expirationMs?: number;
  /** Same-origin rule for state-changing requests (as the API's). */
  sameOrigin(origin: string, host: string): boolean;
}

export class UploadEndpoint {
  readonly #tus: Server;
  readonly #store: StagingStore;
  readonly #services: Services;
  readonly #logger: Logger;
  readonly #sameOrigin: UploadEndpointOptions['sameOrigin'];
  readonly #callers = new WeakMap<Request, Caller>();
  readonly #sweep: NodeJS.Timeout;

  constructor(services: Services, options: UploadEndpointOptions, logger: Logger) {
    this.#services = services;
    this.#logger = logger;
    this.#sameOrigin = options.sameOrigin;
    const uploads = services.uploads;
    this.#store = new StagingStore({
      directory: options.directory,
      expirationMs: options.expirationMs ?? 24 * 3_600_000,
      hooks: { sniffBytes: SNIFF_BYTES, checkOpening: (id, head) => uploads.checkOpening(id, head), finishedSize: (id) => uploads.finishedSize(id) },
    });
    const tusOptions: ServerOptions & { datastore: StagingStore } = {
      path: UPLOADS_PATH,
      datastore: this.#store,
      // One node: uploads are local to it (as its staging folder). Several nodes need sticky routing of /api/uploads.
      locker: new MemoryLocker(),
      maxSize: options.maxFileBytes,
      relativeLocation: true,
      // Same origin only: no CORS header at all.
      allowedOrigins: () => false,
      disableTerminationForFinishedUploads: true,
      namingFunction: () => newId(),
      onIncomingRequest: (req, id) => this.#authenticate(req, id),
      onUploadCreate: async (req, upload) => {
        const md = upload.metadata ?? {};
        await uploads.begin(this.#caller(req).actor, { id: upload.id, purpose: md.purpose ?? '', targetId: md.targetId ?? '', fileName: md.filename ?? '', declaredSize: upload.size });
        return {};
      },
      onUploadFinish: async (_req, upload) => {
        const file = await this.finish(upload.id);
        return { headers: { 'Upload-File-Name': encodeURIComponent(file.fileName), 'Upload-File-Type': file.mediaType } };
      },
      onResponseError: (_req, err) => this.#errorBody(err),
    };
    this.#tus = new Server(tusOptions);
    this.#sweep = setInterval(() => {
      this.#tus.cleanUpExpiredUploads().catch((err: unknown) => logger.warn({ err }, 'removing expired uploads failed'));
    }, 3_600_000);
    this.#sweep.unref();
  }

  /**
   * Finishes an upload whose bytes are all staged (idempotent): also called by a hand-in that
   * names an upload a crash left complete but unfinished.
   */
  async finish(id: string): Promise<StoredFile> {
    try {
      const file = await this.#services.uploads.finish(id, join(this.#store.directory, id));
      await this.#store.remove(id).catch(() => undefined); // already removed by an earlier finish
      return file;
    } catch (err) {
      // A refused file (wrong kind, lying name) is gone for good: nothing of it stays staged.
      if (isExpected(err)) await this.#store.remove(id).catch(() => undefined);
      throw err;
    }
  }

  /** Finishes, among `ids`, the uploads that are complete in staging but not yet finished. */
  async finishStaged(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const staged = await this.#store.getUpload(id).catch(() => undefined);
      if (staged && staged.size !== undefined && staged.offset === staged.size && (await this.#services.uploads.finishedSize(id)) === undefined) await this.finish(id);
    }
  }

  register(app: TemplatedApp): void {
    const handler = (res: HttpResponse, req: HttpRequest) => {
      const method = req.getMethod().toUpperCase();
      const origin = req.getHeader('origin');
      const host = req.getHeader('host');
      const { request, reply } = webExchange(res, req, `http://${host || 'localhost'}`);
      if (method === 'GET') return reply.json(405, { error: { code: 'BAD_REQUEST', message: 'Download files from /api/files' } });
      if (method !== 'HEAD' && method !== 'OPTIONS' && !this.#sameOrigin(origin, host)) {
        return reply.json(403, { error: { code: 'FORBIDDEN', message: 'Cross-site request refused' } });
      }
      this.#tus.handleWeb(request).then(
        (response) => sendWebResponse(reply, response, method),
        (err: unknown) => {
          this.#logger.error({ err }, 'upload request failed');
          const e = httpError(err);
          reply.json(e.status, e.body, e.headers);
        },
      );
    };
    app.any(UPLOADS_PATH, handler);
    app.any(`${UPLOADS_PATH}/*`, handler);
  }

  close(): void {
    clearInterval(this.#sweep);
  }

  async #authenticate(req: Request, id: string): Promise<void> {
    const caller = await callerOf(this.#services, req.headers.get('cookie') ?? '');
    this.#callers.set(req, caller);
    // Someone else's upload does not exist for this caller.
    if (req.method !== 'POST') await this.#services.uploads.ownUpload(caller.actor, id);
  }

  #caller(req: Request): Caller {
    const caller = this.#callers.get(req);
    if (!caller) throw new Error('upload request without an authenticated caller');
    return caller;
  }

  /** Our errors as the API's JSON error body with its status; tus's own errors as tus sends them. */
  #errorBody(err: Error | { status_code: number; body: string }): { status_code: number; body: string } | undefined {
    if (!(err instanceof AppError) && 'status_code' in err) return undefined;
    if (!isExpected(err)) this.#logger.error({ err }, 'upload failed');
    const e = httpError(err);
    return { status_code: e.status, body: JSON.stringify(e.body) };
  }
}
