import { batch, computed, signal } from '@preact/signals';
import type { LessonInfo, LessonSettings, LessonSnapshot, Participant, Role } from '../net/index.js';
import type { LessonPart } from './LessonPartTypes.js';

/** The lesson as the server describes it: info, participants (self included), settings. */

export const lessonInfo = signal<LessonInfo | null>(null);
export const selfId = signal<string>('');
export const selfRole = signal<Role>('student');
export const settings = signal<LessonSettings | null>(null);
/** Every participant by id, self included. Replaced (never mutated) on each change. */
export const participants = signal<ReadonlyMap<string, Participant>>(new Map());
/** server clock - local clock, ms (from the JoinResponse's server_time_ms). */
export const serverClockOffsetMs = signal(0);
/** When this client joined, local ms; the elapsed time falls back to it. */
export const joinedAtLocalMs = signal(0);

export const participantCount = computed(() => participants.value.size);
export const self = computed(() => participants.value.get(selfId.value) ?? null);

/**
 * Orders tiles: teachers first, then students by given name the Vietnamese way. A Vietnamese
 * class list is sorted by the last word of the name (Nguyễn Văn **An**), then the full name.
 */
export function compareParticipants(a: Participant, b: Participant): number {
  if (a.role !== b.role) return a.role === 'teacher' ? -1 : 1;
  const given = (p: Participant) => p.displayName.trim().split(/\s+/).pop() ?? '';
  const byGiven = given(a).localeCompare(given(b), 'vi', { sensitivity: 'base' });
  if (byGiven !== 0) return byGiven;
  const byName = a.displayName.localeCompare(b.displayName, 'vi', { sensitivity: 'base' });
  return byName !== 0 ? byName : a.id.localeCompare(b.id);
}

/** The room we are in: '' for the main room, else our breakout group. */
export const roomId = computed(() => self.value?.groupId ?? '');

/**
 * Everyone but self in our room, in tile order. During breakout groups only the group's
 * members (and a visiting teacher) share our media, so only they get tiles.
 */
export const remoteParticipants = computed(() =>
  [...participants.value.values()].filter((p) => p.id !== selfId.value && p.groupId === roomId.value).sort(compareParticipants),
);

/** The teacher a student watches: the earliest-joined remote teacher in our room. */
export const featuredTeacher = computed<Participant | null>(() => {
  let best: Participant | null = null;
  for (const p of participants.value.values()) {
    if (p.role !== 'teacher' || p.id === selfId.value || p.groupId !== roomId.value) continue;
    if (!best || p.joinedAtMs < best.joinedAtMs) best = p;
  }
  return best;
});

/** When the lesson started for the header's clock: the schedule if it has begun, else our join. */
export const lessonStartLocalMs = computed(() => {
  const start = lessonInfo.value?.scheduledStartMs ?? 0;
  const startLocal = start - serverClockOffsetMs.value;
  return start > 0 && startLocal <= Date.now() ? startLocal : joinedAtLocalMs.value;
});

export function applySnapshot(snapshot: LessonSnapshot, serverTimeMs: number): void {
  batch(() => {
    lessonInfo.value = snapshot.lesson;
    selfId.value = snapshot.selfParticipantId;
    selfRole.value = snapshot.selfRole;
    settings.value = snapshot.settings;
    participants.value = new Map(snapshot.participants.map((p) => [p.id, p]));
    if (serverTimeMs > 0) serverClockOffsetMs.value = serverTimeMs - Date.now();
    if (joinedAtLocalMs.value === 0) joinedAtLocalMs.value = Date.now();
  });
}

/**
 * Whether someone in our room (main room or breakout group) sends media, by the snapshot: the
 * server then announces streams for our receive transport right after the JoinResponse.
 */
export function othersPublish(snapshot: LessonSnapshot): boolean {
  const own = snapshot.participants.find((p) => p.id === snapshot.selfParticipantId);
  return snapshot.participants.some((p) => p.id !== snapshot.selfParticipantId && p.groupId === (own?.groupId ?? '') && (p.micOn || p.cameraOn || p.screenOn));
}

/** ParticipantJoined and ParticipantUpdated both carry the whole participant. */
export function upsertParticipant(participant: Participant): void {
  const next = new Map(participants.value);
  next.set(participant.id, participant);
  participants.value = next;
}

export function removeParticipant(participantId: string): void {
  if (!participants.value.has(participantId)) return;
  const next = new Map(participants.value);
  next.delete(participantId);
  participants.value = next;
}

/** Our own mic/camera as others see them, before the server's ParticipantUpdated confirms. */
export function updateSelf(change: Partial<Pick<Participant, 'micOn' | 'cameraOn' | 'screenOn'>>): void {
  const me = participants.value.get(selfId.value);
  if (me) upsertParticipant({ ...me, ...change });
}

export function resetLesson(): void {
  batch(() => {
    lessonInfo.value = null;
    selfId.value = '';
    selfRole.value = 'student';
    settings.value = null;
    participants.value = new Map();
    serverClockOffsetMs.value = 0;
    joinedAtLocalMs.value = 0;
  });
}

export const lessonPart: LessonPart = { name: 'lesson', reset: resetLesson };
