/** The HTTP API's request/response shapes: handlers never touch uWebSockets.js objects. */

export type Method = 'get' | 'post' | 'put' | 'patch' | 'del';

export interface ApiRequest {
  method: Method;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  cookieHeader: string;
  contentType: string;
  userAgent: string;
  remoteAddress: string;
  /** Undefined for methods without a body. */
  body: Buffer | undefined;
}

export type ApiResponse =
  | { status: number; headers?: Record<string, string> }
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; file: { contentType: string; body: string | Buffer; filename?: string }; headers?: Record<string, string> };

export interface ApiRoute {
  method: Method;
  /** uWebSockets.js pattern, e.g. "/api/lessons/:lessonId/attendance.csv". */
  path: string;
  /** Largest body accepted; default 64 KiB. */
  maxBodyBytes?: number;
  handle(request: ApiRequest): Promise<ApiResponse>;
}
