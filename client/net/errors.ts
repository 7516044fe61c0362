import type { ErrorCode } from './types.js';

/** The server refused a request; `message` is safe to show (docs/protocol.md). */
export class ServerError extends Error {
  override readonly name = 'ServerError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The server's machine-readable refinement of `code` (e.g. "lesson_password_wrong"), or ''. */
    readonly reason = '',
  ) {
    super(message);
  }
}

export type SocketErrorReason =
  /** No answer within the request timeout. */
  | 'timeout'
  /** The socket is not open (connecting, reconnecting or closed). */
  | 'not-connected'
  /** The connection dropped before the answer came; the server will not answer on the next one. */
  | 'connection-lost'
  /** The socket was closed by its owner or for good. */
  | 'closed'
  /** The answer does not fit the request (e.g. an Ack to a join) or could not be decoded. */
  | 'bad-response';

/**
 * The join reached a node that does not host the lesson: join again on node `node` (through
 * the same address with `?node=`), sending `ticket` (docs/cluster.md "Routing").
 */
export class RedirectError extends Error {
  override readonly name = 'RedirectError';
  constructor(
    readonly node: string,
    readonly ticket: string,
  ) {
    super(`the lesson runs on node ${node}`);
  }
}

/** The request got no usable answer because of the transport. */
export class SocketError extends Error {
  override readonly name = 'SocketError';
  constructor(
    readonly reason: SocketErrorReason,
    message: string = reason,
  ) {
    super(message);
  }
}
