/** The HTTP API's request/response shapes: handlers never touch uWebSockets.js objects. */
import type { Readable } from 'node:stream';

/** 'head' is never registered on its own: a GET route with `head: true` answers HEAD too. */
export type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'del';

export interface ApiRequest {
  method: Method;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  cookieHeader: string;
  contentType: string;
  userAgent: string;
  remoteAddress: string;
  /** Conditional and range request headers ('' when absent), for downloads. */
  headers: { range: string; ifRange: string; ifNoneMatch: string };
  /** Undefined for methods without a body. */
  body: Buffer | undefined;
}

export type ApiResponse =
  | { status: number; headers?: Record<string, string> }
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; file: { contentType: string; body: string | Buffer; filename?: string }; headers?: Record<string, string> }
  /**
   * A streamed body (downloads, zips): written with backpressure, never buffered whole. `size`
   * known → Content-Length; undefined → chunked. `body` null answers a HEAD (headers only).
   */
  | { status: number; stream: { contentType: string; size: number | undefined; body: Readable | null }; headers?: Record<string, string> };

export interface ApiRoute {
  method: Method;
  /** uWebSockets.js pattern, e.g. "/api/lessons/:lessonId/attendance.csv". */
  path: string;
  /** Largest body accepted; default 64 KiB. */
  maxBodyBytes?: number;
  /** GET routes only: also answer HEAD (the handler sees method 'head'). */
  head?: boolean;
  handle(request: ApiRequest): Promise<ApiResponse>;
}
