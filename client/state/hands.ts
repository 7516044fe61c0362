import { computed, signal } from '@preact/signals';
import type { HandQueueEntry } from '../net/index.js';
import type { LessonPart } from './LessonPartTypes.js';
import { self } from './lesson.js';
import { act } from './requests.js';

/** Raised hands (R2): a student raises and lowers their own; the teacher lowers anyone's. */

/** The server's queue, oldest first (HandQueueUpdated, and the snapshot). */
export const handQueue = signal<readonly HandQueueEntry[]>([]);

export const handRaised = computed(() => {
  const me = self.value;
  return me !== null && (me.handRaised || handQueue.value.some((h) => h.participantId === me.id));
});

export function toggleHand(): Promise<boolean> {
  return handRaised.value ? act({ type: 'lowerHand', participantId: '' }) : act({ type: 'raiseHand' });
}

/** Teacher: "Hạ tay" for one student (they were given the floor, or raised it by mistake). */
export function lowerHandOf(participantId: string): Promise<boolean> {
  return act({ type: 'lowerHand', participantId });
}

export const handsPart: LessonPart = {
  name: 'hands',
  pushes: { handQueue: (p) => (handQueue.value = p.entries) },
  enter: (snapshot) => (handQueue.value = snapshot.handQueue),
  reset: () => (handQueue.value = []),
};
