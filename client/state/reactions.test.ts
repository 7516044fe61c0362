import { describe, expect, it, vi } from 'vitest';
import { STUDENT_B } from '../net/testing/fixtures.js';
import { latestReaction, reactions, REACTION_SHOW_MS, sendReaction } from './reactions.js';
import { resetToJoin } from './session.js';
import { lessonHarness } from './testing/lessonHarness.js';

const { joinAs } = lessonHarness();

describe('reactions', () => {
  it('a ReactionSent push is shown for a while, ours is sent at most once per interval', async () => {
    const ws = await joinAs();
    ws.push({ type: 'reaction', participantId: STUDENT_B.id, kind: 'clap', sentAtMs: 1 });
    expect(latestReaction.value.get(STUDENT_B.id)).toBe('clap');
    expect(sendReaction('heart', 10_000)).toBe(true);
    expect(sendReaction('heart', 10_100)).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('sendReaction').request).toEqual({ type: 'sendReaction', kind: 'heart' });
    await vi.advanceTimersByTimeAsync(REACTION_SHOW_MS);
    expect(reactions.value).toEqual([]);
    ws.push({ type: 'reaction', participantId: STUDENT_B.id, kind: 'question', sentAtMs: 2 });
    resetToJoin();
    expect(reactions.value).toEqual([]);
  });
});
