import { computed } from '@preact/signals';
import { handQueue, self } from './lesson.js';
import { act } from './requests.js';

/** Raised hands (R2): a student raises and lowers their own; the teacher lowers anyone's. */

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
