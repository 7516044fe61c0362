import { describe, expect, it, vi } from 'vitest';
import { joinResult, snapshot, STUDENT_A, STUDENT_B } from '../net/testing/fixtures.js';
import { handQueue, handRaised, lowerHandOf, toggleHand } from './hands.js';
import { resetToJoin } from './session.js';
import { lessonHarness } from './testing/lessonHarness.js';

const { joinAs } = lessonHarness();

describe('hands', () => {
  it('raise and lower our own hand; the teacher lowers anyone\'s; the queue is the server\'s', async () => {
    const ws = await joinAs();
    void toggleHand();
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('raiseHand').request).toEqual({ type: 'raiseHand' });
    ws.push({ type: 'handQueue', entries: [{ participantId: STUDENT_B.id, displayName: STUDENT_B.displayName, raisedAtMs: 1 }, { participantId: STUDENT_A.id, displayName: STUDENT_A.displayName, raisedAtMs: 2 }] });
    expect(handQueue.value.map((h) => h.participantId)).toEqual([STUDENT_B.id, STUDENT_A.id]);
    expect(handRaised.value).toBe(true);
    void toggleHand();
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('lowerHand').request).toEqual({ type: 'lowerHand', participantId: '' });
    void lowerHandOf(STUDENT_B.id);
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('lowerHand').request).toEqual({ type: 'lowerHand', participantId: STUDENT_B.id });
  });
});


describe('hands: the lesson part', () => {
  it('takes the queue from the snapshot and forgets it when the lesson is over', async () => {
    const entry = { participantId: STUDENT_B.id, displayName: STUDENT_B.displayName, raisedAtMs: 1 };
    await joinAs(joinResult({ snapshot: snapshot({ handQueue: [entry] }) }));
    expect(handQueue.value).toEqual([entry]);
    resetToJoin();
    expect(handQueue.value).toEqual([]);
  });
});
