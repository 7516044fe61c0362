/** The lesson's media rules, as pure functions (used by LessonMedia for both negotiations). */
import type { MediaSource, ParticipantView } from '../../classroom/index.js';
import type { MediaKind, PublishedStream, VideoLayer } from '../../sfu/index.js';

export const SOURCES: readonly MediaSource[] = ['microphone', 'camera', 'screen'];

export function isMediaSource(label: string): label is MediaSource {
  return (SOURCES as readonly string[]).includes(label);
}

/** The kind of track each source sends. */
export function kindOf(source: MediaSource): MediaKind {
  return source === 'microphone' ? 'audio' : 'video';
}

/** Whether the lesson lets this stream through: only what the participant has switched on. */
export function relayed(p: ParticipantView, source: MediaSource): boolean {
  return source === 'microphone' ? p.micOn : source === 'camera' ? p.cameraOn : p.screenOn;
}

/** Default quality: the teacher and screens in full, students' thumbnails at the lowest layer. */
export function defaultLayer(publisher: ParticipantView | undefined, source: string): VideoLayer {
  return source === 'screen' || publisher?.role === 'teacher' ? 'high' : 'low';
}

export const streamKey = (peerId: string, label: string): string => `${peerId}/${label}`;

/**
 * Whose microphone a participant's first sound carries: the first teacher of its room (in the
 * room's order) other than itself whose microphone is published and switched on (a muted one is
 * paused in the SFU: nothing to hear).
 */
export function firstSoundSpeaker(room: readonly ParticipantView[], streams: readonly PublishedStream[], listenerId: string): string | undefined {
  const published = new Set(streams.filter((s) => s.label === 'microphone').map((s) => s.peerId));
  return room.find((p) => p.role === 'teacher' && p.id !== listenerId && p.micOn && published.has(p.id))?.id;
}
