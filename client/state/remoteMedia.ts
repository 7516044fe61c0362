import { batch, computed, signal } from '@preact/signals';
import type { FeaturedLayer, NetworkSample, RemoteTrack } from '../media/index.js';
import type { TrackSource } from '../net/index.js';
import type { LessonPart } from './LessonPartTypes.js';

/** localStorage key: a student on a weak network keeps audio-only mode for the next lesson. */
export const AUDIO_ONLY_STORAGE_KEY = 'classroom.audioOnly';

function storedAudioOnly(): boolean {
  try {
    return globalThis.localStorage?.getItem(AUDIO_ONLY_STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

/** Tracks arriving on the receive transport, mapped to participants. */
export const remoteTracks = signal<readonly RemoteTrack[]>([]);
/** Every remote video off (weak networks); audio keeps playing. */
export const audioOnly = signal(storedAudioOnly());
/** The layer the featured video gets, lowered by the network governor when the link is poor. */
export const featuredLayer = signal<FeaturedLayer>('high');
/** The last network sample the governor rated (null until the first): for diagnosis. */
export const lastNetworkSample = signal<NetworkSample | null>(null);
/** Remote audio that the browser refused to autoplay; a tap on the page starts it. */
export const audioBlocked = signal(false);
/** Who is talking now (voice activity the SFU hears; Talking pushes, both engines). */
export const talking = signal<ReadonlySet<string>>(new Set());
/** Who speaks most ('' = nobody or not told: ActiveSpeaker pushes come from mediasoup only). */
export const activeSpeaker = signal('');

/** Whether a participant's tile shows "speaking": talking now, or the server's active speaker. */
export function isSpeaking(participantId: string): boolean {
  return talking.value.has(participantId) || activeSpeaker.value === participantId;
}

export function setTalking(participantId: string, on: boolean): void {
  if (talking.value.has(participantId) === on) return;
  const next = new Set(talking.value);
  if (on) next.add(participantId);
  else next.delete(participantId);
  talking.value = next;
}

export function setActiveSpeaker(participantId: string): void {
  activeSpeaker.value = participantId;
}

export function trackKey(participantId: string, source: TrackSource): string {
  return `${participantId}:${source}`;
}

export const videoTracks = computed(() => {
  const map = new Map<string, RemoteTrack>();
  for (const t of remoteTracks.value) if (t.kind === 'video') map.set(trackKey(t.participantId, t.source), t);
  return map;
});

export const audioTracks = computed(() => remoteTracks.value.filter((t) => t.kind === 'audio'));

export const networkDegraded = computed(() => featuredLayer.value !== 'high');

export function setRemoteTracks(tracks: readonly RemoteTrack[]): void {
  remoteTracks.value = tracks;
}

export function setAudioOnly(on: boolean): void {
  audioOnly.value = on;
  try {
    globalThis.localStorage?.setItem(AUDIO_ONLY_STORAGE_KEY, on ? '1' : '0');
  } catch {
    // not remembered
  }
}

export function toggleAudioOnly(): void {
  setAudioOnly(!audioOnly.value);
}

export function resetRemoteMedia(): void {
  batch(() => {
    remoteTracks.value = [];
    featuredLayer.value = 'high';
    lastNetworkSample.value = null;
    audioBlocked.value = false;
    talking.value = new Set();
    activeSpeaker.value = '';
  });
}

/** Lesson-scoped: who is speaking comes by pushes; everything is forgotten with the lesson. */
export const remoteMediaPart: LessonPart = {
  name: 'remoteMedia',
  pushes: {
    talking: (p) => setTalking(p.participantId, p.talking),
    activeSpeaker: (p) => setActiveSpeaker(p.participantId),
  },
  reset: resetRemoteMedia,
};
