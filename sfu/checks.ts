/**
 * Shape checks of the arguments every MediaRoom method takes, shared by both engines: a bad id
 * or stream reference is a ValidationError before anything reaches an engine.
 */
import { ValidationError } from '../platform/index.js';
import type { StreamRef, VideoLayer } from './MediaEngineTypes.js';

export const MAX_ID_LENGTH = 128;

export function checkId(what: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) throw new ValidationError(`invalid ${what}`);
}

export function checkRef(ref: StreamRef): void {
  checkId('stream peer id', ref?.peerId);
  checkId('stream label', ref?.label);
}

export function checkRefs(streams: unknown): asserts streams is StreamRef[] {
  if (!Array.isArray(streams)) throw new ValidationError('streams must be a list');
  (streams as StreamRef[]).forEach(checkRef);
}

/** The key of a stream in maps: peer id and label cannot collide with each other's text. */
export const streamKey = (ref: StreamRef): string => JSON.stringify([ref.peerId, ref.label]);

export function isVideoLayer(value: unknown): value is VideoLayer {
  return value === 'high' || value === 'medium' || value === 'low' || value === 'off';
}
