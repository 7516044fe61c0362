/**
 * The parts a live feature's slice exports from its index.ts (docs/live-features.md); the
 * registry (./index.ts) spreads each into the central tables.
 * - `decoders` (codec/wire DecoderTable): wire -> domain, one per request of the slice;
 * - `encoders` (codec/wire EncoderTable): domain -> wire, one per body of the slice;
 * - `handlers` (./context HandlerTable): decode done -> check -> call the domain -> answer;
 * - `pushes` (PushTable): the domain's events -> the bodies pushed to their audience;
 * - `snapshot` (SnapshotPart): the slice's fields of LessonSnapshot;
 * - `feature` (classroom LiveFeatureFactory): what each room runs.
 */
import type { FeatureEvent, LessonSnapshot } from '../../classroom/index.js';
import type { classroom } from '../../proto/index.js';

/** One body per event type of `E`; the audience was chosen by the domain. */
export type PushTable<E extends FeatureEvent, B extends { type: string }> = { [K in E['type']]: (event: Extract<E, { type: K }>) => B };

/** A slice's fields of the wire snapshot, from its part of the domain snapshot. */
export type SnapshotPart = (snapshot: LessonSnapshot) => classroom.v1.LessonSnapshot.$Properties;
