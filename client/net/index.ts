/**
 * net/: the signaling socket and the codec. The only client code that touches protobuf; the
 * rest of the app sees the domain types of ./types.ts.
 */
export { Socket, browserWebSocket } from './Socket.js';
export { dropPreconnection, preconnect, preconnectedWebSocket } from './preconnect.js';
export type { SocketStatus, SocketOptions, CloseInfo, WebSocketFactory, WebSocketLike, WebSocketHandlers } from './SocketTypes.js';
export { FINAL_CLOSE_CODES, NORMAL_CLOSE } from './SocketTypes.js';
export { RedirectError, ServerError, SocketError } from './errors.js';
export { CodecError } from './codec.js';
export type * from './types.js';
export { decodeJoinToken, type JoinTokenInfo } from './joinToken.js';
export { ApiClient, ApiError, browserFetch, type ApiClientOptions, type ApiErrorCode, type FetchLike, type HttpResponseLike, type RequestOptions } from './http.js';
export * as api from './apiParse.js';
export type * from './apiTypes.js';
export { ROSTER_ISSUE_CODES } from './apiTypes.js';
