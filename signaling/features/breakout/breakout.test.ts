import { describe, expect, it } from 'vitest';
import { TooLargeError } from '../../../platform/index.js';
import { classroom } from '../../../proto/index.js';
import { decodeClientMessage } from '../../codec/decodeClient.js';
import { encodeServerMessage } from '../../codec/encodeServer.js';
import { snapshotWith } from '../__fixtures__/snapshot.js';
import { pushes, snapshot } from './index.js';

const v1 = classroom.v1;
const frame = (m: classroom.v1.ClientMessage.$Properties) => v1.ClientMessage.encode(m).finish();

describe('breakout slice', () => {
  it('decodes a round by hand or at random, within the limits', () => {
    expect(decodeClientMessage(frame({ requestId: 1, startBreakout: { groups: [{ name: 'Nhóm 1', participantIds: ['p1'] }] } })).request).toEqual({
      type: 'startBreakout',
      groups: [{ name: 'Nhóm 1', participantIds: ['p1'] }],
      randomGroupCount: 0,
    });
    expect(decodeClientMessage(frame({ requestId: 2, startBreakout: { randomGroupCount: 9999 } })).request).toMatchObject({ randomGroupCount: 51 });
    expect(() => decodeClientMessage(frame({ requestId: 3, startBreakout: { groups: Array(51).fill({ name: 'x' }) } }))).toThrow(TooLargeError);
    expect(decodeClientMessage(frame({ requestId: 4, visitBreakoutGroup: {} })).request).toEqual({ type: 'visitBreakoutGroup', groupId: '' });
  });

  it('pushes the round and the teacher\'s broadcast; the snapshot says "no round" without one', () => {
    const breakout = { active: true, startedAtMs: 3, groups: [{ id: 'g1', name: 'Nhóm 1', participantIds: ['p1'] }] };
    const m = v1.ServerMessage.decode(encodeServerMessage(0, pushes.breakoutChanged({ type: 'breakoutChanged', breakout })));
    expect(m.breakout).toMatchObject({ active: true, groups: [{ id: 'g1', participantIds: ['p1'] }] });
    const b = v1.ServerMessage.decode(encodeServerMessage(0, pushes.groupBroadcast({ type: 'groupBroadcast', text: 'Còn 2 phút', fromParticipantId: 't', atMs: 9 })));
    expect(b.groupBroadcast).toMatchObject({ text: 'Còn 2 phút', fromParticipantId: 't', sentAtMs: 9 });
    const none = snapshot(snapshotWith({}));
    expect(none.breakout).toEqual({ active: false, startedAtMs: 0, groups: [] });
  });
});
