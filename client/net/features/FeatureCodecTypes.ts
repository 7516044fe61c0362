import { classroom } from '../../../proto/index.js';

import pb = classroom.v1;

/*
 * The tables a live feature's codec (net/features/<feature>.ts) exports; ./index.ts assembles
 * the app's side, ./mirror.ts the server's side used by tests and fake servers. A request's
 * `type` is its ClientMessage oneof field name, a push's `type` its ServerMessage oneof field
 * name, so the tables are keyed by both.
 */

/** Domain -> wire for each request of the feature. */
export type RequestEncoders<R extends { type: string }> = { [K in R['type']]: (request: Extract<R, { type: K }>) => pb.ClientMessage.$Properties };

/** Wire -> domain for each push of the feature; throws CodecError for what it cannot trust. */
export type PushDecoders<P extends { type: string }> = { [K in P['type']]: (message: pb.ServerMessage) => Extract<P, { type: K }> };

/** The feature's fields of the domain snapshot, from the wire snapshot. */
export type SnapshotDecoder<S> = (snapshot: pb.LessonSnapshot.$Properties) => S;

/** The server's side (tests, fake servers): the requests the client sent, as a server reads them. */
export type RequestDecoders<R extends { type: string }> = { [K in R['type']]: (message: pb.ClientMessage) => Extract<R, { type: K }> };

/** The server's side: a push as a server builds it. */
export type PushEncoders<P extends { type: string }> = { [K in P['type']]: (push: Extract<P, { type: K }>) => pb.ServerMessage.$Properties };

/** The server's side: the feature's fields of the wire snapshot. */
export type SnapshotEncoder<S> = (snapshot: S) => pb.LessonSnapshot.$Properties;

/** Intersection of the parts' types, in order: what `{ ...a, ...b }` is when no key repeats. */
export type Merged<T extends readonly object[]> = T extends readonly [infer H, ...infer R extends readonly object[]] ? H & Merged<R> : unknown;

/**
 * One table from the features' partial tables. Unlike a spread, a key that two features both
 * define is refused when the module loads (the server's registry does the same).
 */
export function merged<T extends readonly object[]>(table: string, ...parts: T): Merged<T> {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key in out) throw new Error(`two live features define ${table}.${key}`);
      out[key] = value;
    }
  }
  // Every key of every part was copied once, so `out` is each part's table side by side.
  return out as Merged<T>;
}
