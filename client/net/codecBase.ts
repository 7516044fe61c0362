/**
 * The codec's pieces that need no generated code: its error, `enumCodec`, the scalar readers, and
 * the mappings the join entry (client/joinEntry/) shares with the app (TrackSource, ICE servers).
 * The generated code appears here only as types, so that the entry, which must not carry
 * protobufjs (issue 10), can import this module; codecEnums.ts re-exports all of it.
 */
import type { classroom } from '../../proto/index.js';
import type { IceServer, TrackSource } from './types.js';

/** A frame or field the client cannot accept: unknown enum value, missing body, bad shape. */
export class CodecError extends Error {
  override readonly name = 'CodecError';
  /** The frame's request id when it could be read, so that the waiting request fails at once. */
  requestId = 0;
}

/**
 * One explicit, exhaustive table per enum (the `satisfies Record<Domain, Proto>` makes the
 * compiler reject a table that forgets a domain value). Reading a number that is not in the
 * table throws: an unknown value means a newer server, and guessing would show wrong state.
 * `UNSPECIFIED` (0) is absent from every table where the field must carry a meaning, so it is
 * rejected too; only ConnectionQuality maps it, because the proto documents it ("not reported
 * yet").
 */
export function enumCodec<D extends string, P extends number>(name: string, table: Record<D, P>) {
  const fromProto = new Map<number, D>();
  for (const [domain, proto] of Object.entries(table) as Array<[D, P]>) fromProto.set(proto, domain);
  return {
    toProto(value: D): P {
      const proto = table[value];
      if (proto === undefined) throw new CodecError(`unknown ${name} '${String(value)}'`);
      return proto;
    },
    fromProto(value: number | null | undefined): D {
      const domain = fromProto.get(value ?? 0);
      if (domain === undefined) throw new CodecError(`unknown ${name} value ${String(value ?? 0)}`);
      return domain;
    },
  };
}

// A consumer's source, which the join entry reads too: numbers written out, each checked against
// its generated member (the app's other enums are in codecEnums.ts, from the generated values).
const source = enumCodec('TrackSource', {
  microphone: 1 satisfies classroom.v1.TrackSource.TRACK_SOURCE_MICROPHONE,
  camera: 2 satisfies classroom.v1.TrackSource.TRACK_SOURCE_CAMERA,
  screen: 3 satisfies classroom.v1.TrackSource.TRACK_SOURCE_SCREEN,
} satisfies Record<TrackSource, classroom.v1.TrackSource>);
export const trackSourceToProto = source.toProto;
export const trackSourceFromProto = source.fromProto;

/** A JoinResponse's ICE servers, without empty URLs and without servers left with none. */
export function iceServersFromProto(servers: readonly classroom.v1.IceServer.$Properties[] | null | undefined): IceServer[] {
  return list(servers).map(iceServerFromProto).filter((s) => s.urls.length > 0);
}

function iceServerFromProto(p: classroom.v1.IceServer.$Properties): IceServer {
  const server: IceServer = { urls: list(p.urls).filter((u) => typeof u === 'string' && u.length > 0) };
  if (p.username) server.username = p.username;
  if (p.credential) server.credential = p.credential;
  return server;
}

// ---------------------------------------------------------------------------------------------
// Scalars: protobufjs gives `null`/`undefined` for absent fields in the `$Properties` view and
// may hand us a Long for 64-bit fields if generation flags ever change; normalise both here.

export function str(value: string | null | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** A string that must be present: ids, SDPs. */
export function requiredStr(value: string | null | undefined, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new CodecError(`missing ${field}`);
  return value;
}

export function num(value: number | { toNumber(): number } | null | undefined): number {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && typeof value.toNumber === 'function') return value.toNumber();
  return 0;
}

/** A count or duration as a uint32 field: negative or not a number is 0, more is the maximum. */
export function clampUint32(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(Math.round(value), 0xffff_ffff);
}

export function bool(value: boolean | null | undefined): boolean {
  return value === true;
}

/** A sub-message that must be present. */
export function required<T>(value: T | null | undefined, field: string): T {
  if (value === null || value === undefined) throw new CodecError(`missing ${field}`);
  return value;
}

export function list<T>(value: readonly T[] | null | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}
