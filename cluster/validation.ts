/** Checks shared by both implementations, so that both reject the same inputs. */
import { TooLargeError, ValidationError } from '../platform/index.js';
import {
  DEFAULT_LEASE_TTL_MS,
  DEFAULT_MAX_PAYLOAD_BYTES,
  DEFAULT_NODE_TTL_MS,
  type ClusterOptions,
  type ClusterTiming,
  type NodeAnnouncement,
} from './ClusterTypes.js';

/**
 * Node and room ids become parts of Redis keys: a `:` or a space in an id could make two
 * keys collide, so ids are restricted to what `newId()` produces plus `.`.
 */
const ID_RE = /^[A-Za-z0-9_.-]{1,128}$/;
/** Channel names are a little freer (`room.abc:kick`), still printable and bounded. */
const CHANNEL_RE = /^[A-Za-z0-9_.:-]{1,200}$/;

export function checkId(kind: 'node' | 'room', id: string): void {
  if (typeof id !== 'string' || !ID_RE.test(id)) {
    throw new ValidationError(`invalid ${kind} id`, { details: { [kind]: String(id).slice(0, 140) } });
  }
}

export function checkChannel(channel: string): void {
  if (typeof channel !== 'string' || !CHANNEL_RE.test(channel)) {
    throw new ValidationError('invalid channel name', { details: { channel: String(channel).slice(0, 210) } });
  }
}

const SLOT_RE = /^[A-Za-z0-9_.-]{1,128}$/;
/** Longest list a lesson may keep (LessonStateStore.append). */
export const MAX_KEPT_LIST = 10_000;

/** Checks the arguments of a LessonStateStore write; `max` only for appends. */
export function checkLessonWrite(lessonId: string, slot: string, value: string, ttlMs: number, maxBytes: number, max?: number): void {
  checkId('room', lessonId);
  if (typeof slot !== 'string' || !SLOT_RE.test(slot)) throw new ValidationError('invalid slot name', { details: { slot: String(slot).slice(0, 140) } });
  if (typeof value !== 'string') throw new ValidationError('a kept value must be a string');
  if (Buffer.byteLength(value) > maxBytes) throw new TooLargeError(`a kept value of ${Buffer.byteLength(value)} bytes exceeds ${maxBytes}`);
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) throw new ValidationError('ttlMs must be a positive integer');
  if (max !== undefined && (!Number.isSafeInteger(max) || max < 1 || max > MAX_KEPT_LIST)) throw new ValidationError(`max must be 1..${MAX_KEPT_LIST}`);
}

export function checkPayload(payload: Uint8Array, maxBytes: number): void {
  if (!(payload instanceof Uint8Array)) throw new ValidationError('payload must be a Uint8Array');
  if (payload.byteLength > maxBytes) {
    throw new TooLargeError(`payload of ${payload.byteLength} bytes exceeds ${maxBytes}`);
  }
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new ValidationError(`${name} must be a non-negative integer`);
}

export function checkAnnouncement(node: NodeAnnouncement): void {
  if (typeof node !== 'object' || node === null || typeof node.load !== 'object' || node.load === null) {
    throw new ValidationError('a node announcement needs an id, a url, a state and a load');
  }
  checkId('node', node.id);
  if (typeof node.url !== 'string' || node.url.length === 0 || node.url.length > 2048) {
    throw new ValidationError('node url must be a non-empty string');
  }
  if (node.state !== 'active' && node.state !== 'draining') throw new ValidationError('invalid node state');
  checkCount('load.rooms', node.load.rooms);
  checkCount('load.participants', node.load.participants);
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v <= 0) throw new ValidationError(`${name} must be a positive integer`);
  return v;
}

export interface ResolvedClusterOptions {
  timing: ClusterTiming;
  maxPayloadBytes: number;
}

export function resolveClusterOptions(options: ClusterOptions): ResolvedClusterOptions {
  return {
    timing: {
      nodeTtlMs: positive('nodeTtlMs', options.nodeTtlMs, DEFAULT_NODE_TTL_MS),
      leaseTtlMs: positive('leaseTtlMs', options.leaseTtlMs, DEFAULT_LEASE_TTL_MS),
    },
    maxPayloadBytes: positive('maxPayloadBytes', options.maxPayloadBytes, DEFAULT_MAX_PAYLOAD_BYTES),
  };
}
