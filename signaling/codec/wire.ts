/**
 * What every part of the codec shares: checked reads of wire fields, and the shapes of the
 * tables the envelope is assembled from (a slice's decoders and encoders, signaling/features).
 * A request's `type` is its ClientMessage oneof field name, a body's `type` its ServerMessage
 * oneof field name, so the tables are keyed by both.
 */
import { TooLargeError, ValidationError } from '../../platform/index.js';
import type { classroom } from '../../proto/index.js';

export type WireClientMessage = classroom.v1.ClientMessage;
export type ServerProps = classroom.v1.ServerMessage.$Properties;
/** The oneof fields of ClientMessage: one per request. */
export type ClientField = NonNullable<WireClientMessage['body']>;

/** Wire -> domain, one function per request type; each checks sizes and enum values. */
export type DecoderTable<R extends { type: string }> = { [K in R['type']]: (m: WireClientMessage) => Extract<R, { type: K }> };

/** Domain -> wire, one function per server body type. */
export type EncoderTable<B extends { type: string }> = { [K in B['type']]: (b: Extract<B, { type: K }>) => ServerProps };

/** A string field, at most `max` code points (a Vietnamese name must not be cut short by its diacritics). */
export function text(value: string | null | undefined, field: string, max: number): string {
  const s = value ?? '';
  if (s.length > max && [...s].length > max) throw new TooLargeError(`${field} is longer than ${max} characters`);
  return s;
}

export function list<T>(value: T[] | null | undefined, field: string, max: number): T[] {
  const l = value ?? [];
  if (l.length > max) throw new TooLargeError(`${field} has more than ${max} items`);
  return l;
}

export function uint(value: number | null | undefined): number {
  return typeof value === 'number' && value >= 0 ? value : 0;
}

export function required<T>(value: T | null | undefined, field: string): T {
  if (value === null || value === undefined) throw new ValidationError(`${field} is missing`);
  return value;
}
