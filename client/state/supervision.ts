import { computed } from '@preact/signals';
import type { Participant, TrackSource } from '../net/index.js';
import { REASON_MAX_CHARS } from './lobby.js';
import { compareParticipants, participants, selfId, selfRole } from './lesson.js';
import { act } from './requests.js';

/** The teacher's supervision of the lesson (R6): who is there, and turning things off. */

export const isTeacher = computed(() => selfRole.value === 'teacher');

/** Everyone, self included, teachers first, for the participants panel. */
export const participantList = computed<readonly Participant[]>(() => [...participants.value.values()].sort(compareParticipants));

export const raisedHandCount = computed(() => {
  let n = 0;
  for (const p of participants.value.values()) if (p.handRaised) n++;
  return n;
});

export function forceOff(participantId: string, source: TrackSource): Promise<boolean> {
  return act({ type: 'forceMediaOff', participantId, all: false, source });
}

/** "Tắt micro cả lớp": every student's microphone. */
export function muteAll(): Promise<boolean> {
  return act({ type: 'forceMediaOff', participantId: '', all: true, source: 'microphone' });
}

export function setScreenPermission(participantId: string, allowed: boolean): Promise<boolean> {
  return act({ type: 'setScreenSharePermission', participantId, allowed });
}

export function removeFromLesson(participantId: string, reason: string): Promise<boolean> {
  return act({ type: 'removeParticipant', participantId, reason: [...reason.trim()].slice(0, REASON_MAX_CHARS).join('') });
}

/** Whether the teacher's per-student actions apply to this row (never to self or a teacher). */
export function supervisable(p: Participant): boolean {
  return selfRole.value === 'teacher' && p.role === 'student' && p.id !== selfId.value;
}
