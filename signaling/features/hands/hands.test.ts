import { describe, expect, it } from 'vitest';
import { classroom } from '../../../proto/index.js';
import { decodeClientMessage } from '../../codec/decodeClient.js';
import { encodeServerMessage, snapshotToProto } from '../../codec/encodeServer.js';
import { snapshotWith } from '../__fixtures__/snapshot.js';
import { pushes } from './index.js';

const v1 = classroom.v1;
const frame = (m: classroom.v1.ClientMessage.$Properties) => v1.ClientMessage.encode(m).finish();

describe('hands slice', () => {
  it('decodes raise and lower (empty id: one\'s own hand) and refuses an oversized id', () => {
    expect(decodeClientMessage(frame({ requestId: 1, raiseHand: {} })).request).toEqual({ type: 'raiseHand' });
    expect(decodeClientMessage(frame({ requestId: 2, lowerHand: {} })).request).toEqual({ type: 'lowerHand', participantId: '' });
    expect(() => decodeClientMessage(frame({ requestId: 3, lowerHand: { participantId: 'p'.repeat(65) } }))).toThrow(/participant_id/);
  });

  it('pushes the queue as HandQueueUpdated and puts it in the snapshot', () => {
    const entries = [{ participantId: 'p1', displayName: 'Học sinh 1', raisedAtMs: 5 }];
    const m = v1.ServerMessage.decode(encodeServerMessage(0, pushes.handQueueChanged({ type: 'handQueueChanged', entries })));
    expect(m.handQueue?.entries?.[0]).toMatchObject({ participantId: 'p1', raisedAtMs: 5 });
    expect(snapshotToProto(snapshotWith({ hands: entries })).handQueue).toEqual(entries);
  });
});
