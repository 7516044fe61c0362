/**
 * The signaling codec for k6 scenarios: the project's generated protobufjs static code (it
 * needs only ES2015 typed arrays: no Buffer, process or require at run time, so it runs in k6's
 * JavaScript runtime; `npm run bench:k6:build` checks the bundles for Node-only names).
 */
import { classroom, PROTOCOL_VERSION } from '../../../proto/index.js';

const v1 = classroom.v1;
export type ServerMessage = classroom.v1.ServerMessage;
export type ClientBody = Omit<classroom.v1.ClientMessage.$Properties, 'requestId'>;
export { PROTOCOL_VERSION };
export const { AdmissionStatus, ErrorCode } = v1;

/** One binary WebSocket frame carrying a ClientMessage. */
export function encodeClient(requestId: number, body: ClientBody): ArrayBuffer {
  const bytes = v1.ClientMessage.encode(v1.ClientMessage.create({ requestId, ...body })).finish();
  // a standalone ArrayBuffer of exactly the message (finish() may return a view into a pool)
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export function decodeServer(frame: ArrayBuffer | Uint8Array): ServerMessage {
  return v1.ServerMessage.decode(frame instanceof Uint8Array ? frame : new Uint8Array(frame));
}

/** Name of the message in the `body` oneof ("join", "chat", "error", ...). */
export function bodyOf(m: ServerMessage): string {
  return (m as unknown as { body?: string }).body ?? '';
}
