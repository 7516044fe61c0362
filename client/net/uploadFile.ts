/**
 * One file sent with the tus resumable-upload protocol (tus-js-client, the protocol's maintained
 * browser library) to /api/uploads. A dropped connection is retried with growing delays, and
 * every retry asks the server how much it has (HEAD) and sends only the rest. The Upload object
 * is kept for the page's life, so "resume" after all retries failed continues from the server's
 * offset too. Fingerprints are not stored across page loads: a photo downscaled again may not
 * give the same bytes, and resuming one file with another's bytes would corrupt it.
 */
import * as tus from 'tus-js-client';
import type { UploadMetadata } from './apiWork.js';
import { UPLOADS_ENDPOINT } from './apiWork.js';

export interface UploadCallbacks {
  progress(sent: number, total: number): void;
  /** A retry is pending after a network failure. */
  retrying(): void;
}

export interface UploadHandle {
  /** Resolves with the file id (the upload's id) once the server finished and checked the file. */
  readonly done: Promise<string>;
  /** Starts again after a failure, from what the server has. */
  resume(): void;
  abort(): void;
}

/** Delays between automatic retries: a phone's network comes and goes. */
const RETRY_DELAYS = [0, 1_000, 3_000, 5_000, 10_000, 20_000, 30_000, 60_000];

/** The server's JSON error body of a failed tus request, if any (its code and reason). */
export function uploadErrorOf(error: unknown): { status: number; code: string; reason: string | null; message: string } {
  const res = (error as { originalResponse?: { getStatus(): number; getBody(): string } | null } | null)?.originalResponse;
  if (!res) return { status: 0, code: 'NETWORK', reason: null, message: error instanceof Error ? error.message : String(error) };
  try {
    const body = JSON.parse(res.getBody()) as { error?: { code?: string; message?: string; details?: { reason?: string } } };
    return { status: res.getStatus(), code: body.error?.code ?? 'BAD_REQUEST', reason: body.error?.details?.reason ?? null, message: body.error?.message ?? '' };
  } catch {
    return { status: res.getStatus(), code: res.getStatus() === 413 ? 'TOO_LARGE' : 'BAD_REQUEST', reason: null, message: res.getBody().slice(0, 200) };
  }
}

export function uploadFile(file: File, meta: UploadMetadata, cb: UploadCallbacks): UploadHandle {
  let resolveDone!: (id: string) => void;
  let rejectDone!: (err: unknown) => void;
  const done = new Promise<string>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  const upload = new tus.Upload(file, {
    endpoint: UPLOADS_ENDPOINT,
    metadata: { filename: meta.filename, purpose: meta.purpose, targetId: meta.targetId },
    retryDelays: RETRY_DELAYS,
    storeFingerprintForResuming: false,
    // Retry what a network can cause (no answer, 5xx, a lock held by the dropped request); a
    // refusal (400 wrong kind, 409 locked, 413 too large) is final.
    // tus's own 409 (an offset that moved) is retried after a HEAD; ours (CONFLICT "locked") is not.
    onShouldRetry: (err) => {
      const e = uploadErrorOf(err);
      const retry = e.status === 0 || e.status >= 500 || e.status === 423 || (e.status === 409 && e.reason !== 'locked');
      if (retry) cb.retrying();
      return retry;
    },
    onProgress: (sent, total) => cb.progress(sent, total),
    onSuccess: () => resolveDone(upload.url?.split('/').pop() ?? ''),
    onError: (err) => rejectDone(err),
  });
  upload.start();
  return {
    done,
    resume: () => upload.start(),
    abort: () => void upload.abort(),
  };
}
