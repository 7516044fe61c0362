import type { BreakoutEvent } from '../../../classroom/index.js';
import type { PushTable } from '../SliceTypes.js';
import type { BreakoutBody } from './codec.js';

/** BreakoutUpdated and GroupBroadcast, to everyone in the lesson (the media moves by itself). */
export const pushes: PushTable<BreakoutEvent, BreakoutBody> = {
  breakoutChanged: (e) => ({ type: 'breakout', breakout: e.breakout }),
  groupBroadcast: (e) => ({ type: 'groupBroadcast', text: e.text, fromParticipantId: e.fromParticipantId, sentAtMs: e.atMs }),
};
