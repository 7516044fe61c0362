import { classroom } from '../../../proto/index.js';
import { bool, clampUint32, list, num, required, requiredStr, str } from '../codecEnums.js';

import type { PushDecoders, PushEncoders, RequestDecoders, RequestEncoders, SnapshotDecoder, SnapshotEncoder } from './FeatureCodecTypes.js';

import pb = classroom.v1;

/** Breakout groups (R7) on the wire (proto/classroom/v1/breakout.proto), both ways. */

export interface BreakoutGroup {
  id: string;
  name: string;
  participantIds: string[];
}

export interface BreakoutState {
  active: boolean;
  groups: BreakoutGroup[];
  startedAtMs: number;
}

/** A breakout group chosen by hand when starting a round. */
export interface BreakoutAssignment {
  name: string;
  participantIds: string[];
}

export type BreakoutRequest =
  /** Either `groups` (by hand) or `randomGroupCount` (groups is then empty). */
  | { type: 'startBreakout'; groups: BreakoutAssignment[]; randomGroupCount: number }
  | { type: 'endBreakout' }
  /** groupId '' returns to the main room. */
  | { type: 'visitBreakoutGroup'; groupId: string }
  | { type: 'broadcastToGroups'; text: string };

export type BreakoutPush =
  | { type: 'breakout'; state: BreakoutState }
  | { type: 'groupBroadcast'; text: string; fromParticipantId: string; sentAtMs: number };

/** The feature's fields of LessonSnapshot. */
export interface BreakoutSnapshot {
  breakout: BreakoutState;
}

export function breakoutFromProto(p: pb.BreakoutUpdated.$Properties | null | undefined): BreakoutState {
  return {
    active: bool(p?.active),
    groups: list(p?.groups).map((g) => ({
      id: requiredStr(g.id, 'breakout.group.id'),
      name: str(g.name),
      participantIds: [...list(g.participantIds)],
    })),
    startedAtMs: num(p?.startedAtMs),
  };
}

function breakoutToProto(b: BreakoutState): pb.BreakoutUpdated.$Properties {
  return {
    active: b.active,
    groups: b.groups.map((g) => ({ id: g.id, name: g.name, participantIds: [...g.participantIds] })),
    startedAtMs: b.startedAtMs,
  };
}

export const breakoutRequests: RequestEncoders<BreakoutRequest> = {
  startBreakout: (r) => ({
    startBreakout: { groups: r.groups.map((g) => ({ name: g.name, participantIds: [...g.participantIds] })), randomGroupCount: clampUint32(r.randomGroupCount) },
  }),
  endBreakout: () => ({ endBreakout: {} }),
  visitBreakoutGroup: (r) => ({ visitBreakoutGroup: { groupId: r.groupId } }),
  broadcastToGroups: (r) => ({ broadcastToGroups: { text: r.text } }),
};

export const breakoutPushes: PushDecoders<BreakoutPush> = {
  breakout: (m) => ({ type: 'breakout', state: breakoutFromProto(required(m.breakout, 'breakout')) }),
  groupBroadcast: (m) => {
    const g = required(m.groupBroadcast, 'groupBroadcast');
    return { type: 'groupBroadcast', text: str(g.text), fromParticipantId: str(g.fromParticipantId), sentAtMs: num(g.sentAtMs) };
  },
};

export const breakoutSnapshot: SnapshotDecoder<BreakoutSnapshot> = (p) => ({ breakout: breakoutFromProto(p.breakout) });

/** The server's side, for tests and fake servers (net/features/mirror.ts). */
export const breakoutMirror = {
  requests: {
    startBreakout: (m) => {
      const groups = list(m.startBreakout?.groups).map((g) => ({ name: str(g.name), participantIds: [...list(g.participantIds)] }));
      return { type: 'startBreakout', groups, randomGroupCount: num(m.startBreakout?.randomGroupCount) };
    },
    endBreakout: () => ({ type: 'endBreakout' }),
    visitBreakoutGroup: (m) => ({ type: 'visitBreakoutGroup', groupId: str(m.visitBreakoutGroup?.groupId) }),
    broadcastToGroups: (m) => ({ type: 'broadcastToGroups', text: str(m.broadcastToGroups?.text) }),
  } satisfies RequestDecoders<BreakoutRequest>,
  pushes: {
    breakout: (p) => ({ breakout: breakoutToProto(p.state) }),
    groupBroadcast: (p) => ({ groupBroadcast: { text: p.text, fromParticipantId: p.fromParticipantId, sentAtMs: p.sentAtMs } }),
  } satisfies PushEncoders<BreakoutPush>,
  snapshot: ((s) => ({ breakout: breakoutToProto(s.breakout) })) satisfies SnapshotEncoder<BreakoutSnapshot>,
};
