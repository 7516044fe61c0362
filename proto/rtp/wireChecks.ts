/**
 * The checks every `xFromProto` of proto/rtp applies to a value from the wire: counts and lengths
 * within RTP_WIRE_LIMITS, integers in range, required fields present, enum values known. A value
 * that fails throws an RtpWireError (`tooLarge` for a count or length over its limit), which each
 * codec maps to its own error (the server's BAD_REQUEST / TOO_LARGE, the client's CodecError).
 */

/** Counts and lengths (characters) accepted on the wire; documented in docs/protocol.md. */
export const RTP_WIRE_LIMITS = {
  codecs: 32,
  headerExtensions: 32,
  encodings: 4,
  rtcpFeedback: 16,
  parameters: 16,
  fingerprints: 8,
  candidates: 16,
  shortChars: 64,
  textChars: 512,
} as const;

/** A value that does not fit the wire contract; `tooLarge` marks a count or length over its limit. */
export class RtpWireError extends Error {
  constructor(
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
    this.name = 'RtpWireError';
  }
}

export type Maybe<T> = T | null | undefined;

export function list<T>(value: Maybe<readonly T[]>, field: string, max: number): readonly T[] {
  const l = value ?? [];
  if (l.length > max) throw new RtpWireError(`${field} has more than ${max} items`, true);
  return l;
}

export function str(value: Maybe<string>, field: string, max: number, required = false): string {
  const s = value ?? '';
  if (s.length > max) throw new RtpWireError(`${field} is longer than ${max} characters`, true);
  if (required && !s) throw new RtpWireError(`${field} is missing`);
  return s;
}

export function int(value: Maybe<number>, field: string, min: number, max: number): number {
  const n = value ?? 0;
  if (!Number.isInteger(n) || n < min || n > max) throw new RtpWireError(`${field} must be an integer from ${min} to ${max}`);
  return n;
}

export function optionalInt(value: Maybe<number>, field: string, min: number, max: number): number | undefined {
  return value === null || value === undefined ? undefined : int(value, field, min, max);
}

export function optionalNumber(value: Maybe<number>, field: string, min: number, max: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isFinite(value) || value < min || value > max) throw new RtpWireError(`${field} must be from ${min} to ${max}`);
  return value;
}

export function optionalBool(value: Maybe<boolean>): boolean | undefined {
  return value === null || value === undefined ? undefined : value;
}

/** Sets `key` only when `value` is defined (mediasoup tells "absent" from "0"). */
export function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value as T[K];
}

export function enumMapping<D extends string>(name: string, pairs: ReadonlyArray<readonly [D, number]>) {
  const toWire = new Map<D, number>(pairs);
  const fromWire = new Map<number, D>(pairs.map(([d, n]) => [n, d]));
  return {
    toProto(value: D): number {
      const n = toWire.get(value);
      if (n === undefined) throw new RtpWireError(`${name}: no wire value for ${String(value)}`);
      return n;
    },
    fromProto(value: Maybe<number>, field: string = name): D {
      const d = typeof value === 'number' ? fromWire.get(value) : undefined;
      if (d === undefined) throw new RtpWireError(`${field}: unknown or missing value ${String(value ?? '')}`.trim());
      return d;
    },
  };
}
