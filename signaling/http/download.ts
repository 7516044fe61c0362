/**
 * Serving blobs over HTTP (conventions §19): Range (one range; RFC 9110 §14), HEAD, a strong
 * ETag (the content's SHA-256), Content-Disposition with the original file name (RFC 6266 +
 * RFC 5987 for Vietnamese names), no sniffing, and a sandbox for anything shown in the page.
 * Authorization happens before: a route calls `blobResponse` only for someone who may read.
 */
import { NotFoundError, type BlobStore } from '../../platform/index.js';
import type { ApiRequest, ApiResponse } from './api/ApiTypes.js';

/** Types a browser may show in the page; everything else is downloaded (attachment). */
export const INLINE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic', 'image/avif', 'application/pdf']);

export interface BlobResponseOptions {
  /** The name the user gave the file (already sanitized); shown in the save dialog. */
  fileName: string;
  /** "inline" to view in the page when the type allows it (images, PDF); default "attachment". */
  disposition?: 'inline' | 'attachment';
}

export type RangeResult = { kind: 'whole' } | { kind: 'partial'; offset: number; length: number } | { kind: 'unsatisfiable' };

/**
 * The one byte range a `Range` header asks of a `size`-byte file. Anything this server does not
 * serve as a range (several ranges, other units, a malformed header) gets the whole file, which
 * RFC 9110 allows; a well-formed range that starts past the end is unsatisfiable (416).
 */
export function parseRange(header: string, size: number): RangeResult {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return { kind: 'whole' };
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    const length = Math.min(suffix, size);
    return { kind: 'partial', offset: size - length, length };
  }
  const start = Number(first);
  if (!Number.isSafeInteger(start) || start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return { kind: 'whole' };
  return { kind: 'partial', offset: start, length: end - start + 1 };
}

/**
 * `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266 §4.3):
 * old clients read the plain name with Vietnamese letters stripped of their marks, every current
 * browser the exact UTF-8 name. Quotes, backslashes and control characters never reach a header.
 */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const clean = fileName.replace(/[\u0000-\u001f\u007f"\\]/g, '_').trim() || 'tep';
  const ascii = clean
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '_');
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * The response for one blob: 200 (whole), 206 (a range), 304 (If-None-Match matches), 416
 * (range outside), HEAD without a body. Throws NotFoundError when the blob is gone.
 */
export async function blobResponse(store: BlobStore, key: string, request: Pick<ApiRequest, 'method' | 'headers'>, options: BlobResponseOptions): Promise<ApiResponse> {
  const info = await store.stat(key);
  if (!info) throw new NotFoundError('No such file');
  const etag = `"${info.sha256}"`;
  const inline = options.disposition === 'inline' && INLINE_TYPES.has(info.contentType);
  const headers: Record<string, string> = {
    etag,
    'accept-ranges': 'bytes',
    // Private: the file is personal data; revalidated each time so that a lost right is felt at once.
    'cache-control': 'private, no-cache',
    'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', options.fileName),
    // Whatever a file holds, it never runs as a page of this site.
    'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'" + (info.contentType === 'application/pdf' ? '' : '; sandbox'),
  };
  // A PDF is shown in an <iframe> of our own page: allow that, and only that.
  if (inline) headers['x-frame-options'] = 'SAMEORIGIN';
  const { contentType } = info;
  if (ifNoneMatch(request.headers.ifNoneMatch, etag)) return { status: 304, headers };
  let range: RangeResult = { kind: 'whole' };
  // If-Range with another validator: the file changed since the client's partial copy; send it whole.
  if (request.headers.range && (!request.headers.ifRange || request.headers.ifRange === etag)) range = parseRange(request.headers.range, info.size);
  if (range.kind === 'unsatisfiable') return { status: 416, headers: { ...headers, 'content-range': `bytes */${info.size}` } };
  const head = request.method === 'head';
  if (range.kind === 'partial') {
    const { offset, length } = range;
    const partialHeaders = { ...headers, 'content-range': `bytes ${offset}-${offset + length - 1}/${info.size}` };
    const body = head ? null : (await store.get(key, { offset, length })).body;
    return { status: 206, headers: partialHeaders, stream: { contentType, size: length, body } };
  }
  const body = head ? null : (await store.get(key)).body;
  return { status: 200, headers, stream: { contentType, size: info.size, body } };
}

function ifNoneMatch(header: string, etag: string): boolean {
  if (!header) return false;
  return header.trim() === '*' || header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}
