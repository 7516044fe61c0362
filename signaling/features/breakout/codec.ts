/** Breakout groups on the wire (proto/classroom/v1/breakout.proto), both ways. */
import { BREAKOUT, type BreakoutView } from '../../../classroom/index.js';
import type { classroom } from '../../../proto/index.js';
import { WIRE_LIMITS as L } from '../../codec/limits.js';
import { list, text, uint, type DecoderTable, type EncoderTable } from '../../codec/wire.js';
import type { SnapshotPart } from '../SliceTypes.js';

export type BreakoutRequest =
  | { type: 'startBreakout'; groups: Array<{ name: string; participantIds: string[] }>; randomGroupCount: number }
  | { type: 'endBreakout' }
  | { type: 'visitBreakoutGroup'; groupId: string }
  | { type: 'broadcastToGroups'; text: string };

export type BreakoutBody =
  | { type: 'breakout'; breakout: BreakoutView }
  | { type: 'groupBroadcast'; text: string; fromParticipantId: string; sentAtMs: number };

const NO_BREAKOUT: BreakoutView = { active: false, groups: [], startedAtMs: 0 };

function breakoutToProto(b: BreakoutView): classroom.v1.BreakoutUpdated.$Properties {
  return {
    active: b.active,
    startedAtMs: b.startedAtMs,
    groups: b.groups.map((g) => ({ id: g.id, name: g.name, participantIds: g.participantIds })),
  };
}

export const decoders: DecoderTable<BreakoutRequest> = {
  startBreakout: (m) => ({
    type: 'startBreakout',
    groups: list(m.startBreakout?.groups, 'groups', L.groups).map((g) => ({
      name: text(g.name, 'groups.name', L.groupNameChars),
      participantIds: list(g.participantIds, 'groups.participant_ids', L.listItems).map((id) => text(id, 'participant_id', L.idChars)),
    })),
    randomGroupCount: Math.min(uint(m.startBreakout?.randomGroupCount), L.groups + 1),
  }),
  endBreakout: () => ({ type: 'endBreakout' }),
  visitBreakoutGroup: (m) => ({ type: 'visitBreakoutGroup', groupId: text(m.visitBreakoutGroup?.groupId, 'group_id', L.idChars) }),
  broadcastToGroups: (m) => ({ type: 'broadcastToGroups', text: text(m.broadcastToGroups?.text, 'text', L.chatChars) }),
};

export const encoders: EncoderTable<BreakoutBody> = {
  breakout: (b) => ({ breakout: breakoutToProto(b.breakout) }),
  groupBroadcast: (b) => ({ groupBroadcast: { text: b.text, fromParticipantId: b.fromParticipantId, sentAtMs: b.sentAtMs } }),
};

/** LessonSnapshot.breakout: the round running when the participant entered (inactive when none). */
export const snapshot: SnapshotPart = (s) => ({ breakout: breakoutToProto(BREAKOUT.snapshotIn(s) ?? NO_BREAKOUT) });
