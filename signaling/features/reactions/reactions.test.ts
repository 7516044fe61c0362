import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../platform/index.js';
import { classroom } from '../../../proto/index.js';
import { decodeClientMessage } from '../../codec/decodeClient.js';
import { encodeServerMessage } from '../../codec/encodeServer.js';
import { pushes } from './index.js';

const v1 = classroom.v1;
const frame = (m: classroom.v1.ClientMessage.$Properties) => v1.ClientMessage.encode(m).finish();

describe('reactions slice', () => {
  it('maps every kind both ways and refuses an unknown or missing one', () => {
    expect(decodeClientMessage(frame({ requestId: 1, sendReaction: { kind: v1.ReactionKind.REACTION_KIND_THUMBS_UP } })).request).toEqual({ type: 'sendReaction', kind: 'thumbs_up' });
    expect(() => decodeClientMessage(frame({ requestId: 2, sendReaction: { kind: 42 as classroom.v1.ReactionKind } }))).toThrow(ValidationError);
    expect(() => decodeClientMessage(frame({ requestId: 3, sendReaction: {} }))).toThrow(/kind/);
    const body = pushes.reactionSent({ type: 'reactionSent', participantId: 'p1', kind: 'surprised', atMs: 7 });
    const m = v1.ServerMessage.decode(encodeServerMessage(0, body));
    expect(m.reaction).toMatchObject({ participantId: 'p1', kind: v1.ReactionKind.REACTION_KIND_SURPRISED, sentAtMs: 7 });
  });
});
