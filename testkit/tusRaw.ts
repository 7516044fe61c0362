/**
 * The tus 1.0 protocol by hand, for tests that need to control every byte: create an upload,
 * PATCH a part (or a part and then cut the connection), HEAD its offset. The real browser
 * client (tus-js-client) is exercised by the end-to-end tests and by `uploadWithTusJs`.
 */
import { request } from 'node:http';
import * as tus from 'tus-js-client';
import type { ApiClient } from './apiClient.js';

export interface TusAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function metadata(meta: Record<string, string>): string {
  return Object.entries(meta)
    .map(([k, v]) => `${k} ${Buffer.from(v, 'utf8').toString('base64')}`)
    .join(',');
}

function send(client: ApiClient, method: string, path: string, headers: Record<string, string>, body?: Buffer, cutAfter?: number): Promise<TusAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, client.baseUrl);
    const req = request(url, { method, headers: { 'tus-resumable': '1.0.0', ...(client.cookie ? { cookie: client.cookie } : {}), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', (err) => (cutAfter !== undefined ? resolve({ status: 0, headers: {}, body: String(err) }) : reject(err)));
    if (body && cutAfter !== undefined) {
      // Send a part, then drop the connection as a phone losing its network would.
      req.write(body.subarray(0, cutAfter), () => setTimeout(() => req.destroy(), 200));
      return;
    }
    req.end(body);
  });
}

export async function tusCreate(client: ApiClient, meta: { filename: string; purpose: string; targetId: string }, size: number, extra: Record<string, string> = {}): Promise<TusAnswer & { location: string }> {
  const a = await send(client, 'POST', '/api/uploads', { 'upload-length': String(size), 'upload-metadata': metadata(meta), ...extra });
  const loc = String(a.headers.location ?? '');
  return { ...a, location: loc ? new URL(loc, `${client.baseUrl}/api/uploads/`).pathname : '' };
}

export function tusPatch(client: ApiClient, location: string, offset: number, bytes: Buffer, options: { cutAfter?: number; declaredLength?: number } = {}): Promise<TusAnswer> {
  return send(
    client,
    'PATCH',
    location,
    { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream', 'content-length': String(options.declaredLength ?? bytes.length) },
    bytes,
    options.cutAfter,
  );
}

export async function tusOffset(client: ApiClient, location: string): Promise<{ status: number; offset: number; length: number }> {
  const a = await send(client, 'HEAD', location, {});
  return { status: a.status, offset: Number(a.headers['upload-offset'] ?? -1), length: Number(a.headers['upload-length'] ?? -1) };
}

/** The id the server gave an upload (the last segment of its URL). */
export function uploadId(location: string): string {
  return location.split('/').pop() ?? '';
}

/** A whole upload through tus-js-client (its Node build), as the browser does it. */
export function uploadWithTusJs(client: ApiClient, bytes: Buffer, meta: { filename: string; purpose: string; targetId: string }, chunkSize = Infinity): Promise<string> {
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(bytes, {
      endpoint: `${client.baseUrl}/api/uploads`,
      metadata: meta,
      headers: client.cookie ? { cookie: client.cookie } : {},
      chunkSize,
      retryDelays: [0, 200, 500],
      onError: reject,
      onSuccess: () => resolve(uploadId(upload.url ?? '')),
    });
    upload.start();
  });
}
