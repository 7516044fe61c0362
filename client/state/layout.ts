import { computed, signal } from '@preact/signals';
import type { FeaturedLayer } from '../media/index.js';
import type { Participant, Role, TrackSource, VideoLayer, VideoPreference } from '../net/index.js';
import { featuredTeacher, remoteParticipants, selfRole } from './lesson.js';
import { audioOnly, featuredLayer, trackKey, videoTracks } from './remoteMedia.js';
import { teacherOnly } from './dataSaver.js';
import type { LessonPart } from './LessonPartTypes.js';

/** Width under which the layout is the phone one (one column of controls, 2-column grid). */
export const PHONE_MAX_WIDTH = 600;
export const TABLET_MAX_WIDTH = 1024;

export const viewportWidth = signal(typeof window === 'undefined' ? 1280 : window.innerWidth);
export const pageIndex = signal(0);

/**
 * Tiles per page. A phone shows a 2-column grid: 4 small tiles under the teacher's video for a
 * student, 6 for the teacher whose main view is the grid. Fewer tiles also means fewer video
 * streams for a weak phone to decode.
 */
export function pageSizeFor(role: Role, width: number): number {
  if (role === 'teacher') return width < PHONE_MAX_WIDTH ? 6 : width < TABLET_MAX_WIDTH ? 9 : 12;
  return width < PHONE_MAX_WIDTH ? 4 : width < TABLET_MAX_WIDTH ? 6 : 8;
}

export interface StageItem {
  participantId: string;
  source: TrackSource;
}

/** A student's screen share shown in our room (the teacher's own share wins on a student's stage). */
const studentScreen = computed<string | null>(() => {
  for (const p of remoteParticipants.value) {
    if (p.role === 'student' && videoTracks.value.has(trackKey(p.id, 'screen'))) return p.id;
  }
  return null;
});

/**
 * What is shown large. A student: the teacher's screen share, else a classmate's share, else
 * the teacher's camera. The teacher: a student's screen share while there is one, else nothing
 * (the class grid is the teacher's main view).
 */
export const stage = computed<StageItem | null>(() => {
  const sharer = studentScreen.value;
  if (selfRole.value === 'teacher') return sharer ? { participantId: sharer, source: 'screen' } : null;
  const teacher = featuredTeacher.value;
  if (teacher && videoTracks.value.has(trackKey(teacher.id, 'screen'))) return { participantId: teacher.id, source: 'screen' };
  if (sharer) return { participantId: sharer, source: 'screen' };
  return teacher ? { participantId: teacher.id, source: 'camera' } : null;
});

/** The grid's participants: everyone remote, except the teacher a student sees on the stage. */
export const gridParticipants = computed<readonly Participant[]>(() => {
  const staged = stage.value?.participantId;
  return remoteParticipants.value.filter((p) => p.id !== staged);
});

export const pageSize = computed(() => pageSizeFor(selfRole.value, viewportWidth.value));
export const pageCount = computed(() => Math.max(1, Math.ceil(gridParticipants.value.length / pageSize.value)));
/** The page shown; clamped when participants leave or the screen grows. */
export const currentPage = computed(() => Math.min(Math.max(0, pageIndex.value), pageCount.value - 1));
export const visibleTiles = computed(() => {
  const start = currentPage.value * pageSize.value;
  return gridParticipants.value.slice(start, start + pageSize.value);
});

export function nextPage(): void {
  pageIndex.value = Math.min(currentPage.value + 1, pageCount.value - 1);
}

export function previousPage(): void {
  pageIndex.value = Math.max(currentPage.value - 1, 0);
}

export function setViewportWidth(width: number): void {
  viewportWidth.value = width;
}

export interface LayerInput {
  /** Remote videos currently subscribed. */
  videos: ReadonlyArray<{ participantId: string; source: TrackSource }>;
  stage: StageItem | null;
  /** Participants whose tile is on the current page. */
  visible: ReadonlySet<string>;
  audioOnly: boolean;
  /** Data saver "show only the teacher": classmates' cameras OFF (what is on the stage stays). */
  teacherOnly?: { teachers: ReadonlySet<string> } | null;
  featuredLayer: FeaturedLayer;
}

/**
 * The simulcast layer each remote video should get: OFF for everything in audio-only mode and
 * for tiles not on screen, the governor's layer for the staged video, LOW for thumbnails
 * (including the teacher's camera shown small beside a screen share).
 */
export function desiredLayers(input: LayerInput): Map<string, VideoPreference> {
  const out = new Map<string, VideoPreference>();
  for (const { participantId, source } of input.videos) {
    let layer: VideoLayer = 'off';
    const staged = input.stage?.participantId === participantId && input.stage.source === source;
    if (input.audioOnly) layer = 'off';
    else if (input.teacherOnly && !staged && !input.teacherOnly.teachers.has(participantId)) layer = 'off';
    else if (input.stage && input.stage.participantId === participantId && input.stage.source === source) layer = input.featuredLayer;
    else if (input.stage?.participantId === participantId && input.stage.source === 'screen' && source === 'camera') layer = 'low';
    else if (input.visible.has(participantId)) layer = 'low';
    out.set(trackKey(participantId, source), { participantId, source, layer });
  }
  return out;
}

/** The preferences to send: entries whose layer differs from what the server last heard. */
export function changedPreferences(desired: ReadonlyMap<string, VideoPreference>, lastSent: ReadonlyMap<string, VideoLayer>): VideoPreference[] {
  const out: VideoPreference[] = [];
  for (const [key, pref] of desired) if (lastSent.get(key) !== pref.layer) out.push(pref);
  return out;
}

/** "Show only the teacher" is a student's saver; a teacher always sees the class. */
export const teacherOnlyApplies = computed(() => teacherOnly.value && selfRole.value === 'student');

/** The layers for the current state, for the session to send. */
export const layerPreferences = computed(() =>
  desiredLayers({
    videos: [...videoTracks.value.values()].map((t) => ({ participantId: t.participantId, source: t.source })),
    stage: stage.value,
    visible: new Set(visibleTiles.value.map((p) => p.id)),
    audioOnly: audioOnly.value,
    teacherOnly: teacherOnlyApplies.value ? { teachers: new Set(remoteParticipants.value.filter((p) => p.role === 'teacher').map((p) => p.id)) } : null,
    featuredLayer: featuredLayer.value,
  }),
);

export function resetLayout(): void {
  pageIndex.value = 0;
}

export const layoutPart: LessonPart = { name: 'layout', reset: resetLayout };
