/**
 * A publisher that leaves takes its producers, and the worker their consumers, with it: the room
 * must not close those consumers again. It did, before the worker's notice of them reached the
 * Node side, and mediasoup logged "Consumer not found" as an error for every subscriber of every
 * stream of every student who left a lesson (seen in bench:netem's debug logs, session 13).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, type CapturedLog } from '../../testkit/logCapture.js';
import { startTestMediasoupEngine, type TestMediasoupEngine } from '../../testkit/mediasoupEngine.js';
import { waitFor } from '../../testkit/mediaSources.js';
import { TransportPeer } from '../../testkit/transportPeer.js';

describe('mediasoup engine: a publisher leaves', () => {
  let t: TestMediasoupEngine;
  let log: CapturedLog;
  const peers: TransportPeer[] = [];

  beforeAll(async () => {
    log = capturingLogger();
    t = await startTestMediasoupEngine({}, log.logger);
  });

  afterAll(async () => {
    for (const p of peers) p.close();
    await t?.dispose();
  });

  it("its subscribers' consumers go with its producers, announced, and nothing is closed twice in the worker", async () => {
    const room = await t.engine.createRoom('leave');
    const removed: string[] = [];
    room.on('consumersChanged', (peerId, change) => {
      if (peerId === 'teacher') removed.push(...change.removed);
    });
    const student = new TransportPeer(room, 'student');
    const teacher = new TransportPeer(room, 'teacher');
    peers.push(student, teacher);
    await student.publish();
    await teacher.receive();
    const mine = [{ peerId: 'student', label: 'microphone' }, { peerId: 'student', label: 'camera' }];
    await room.setSubscriptions('teacher', mine);
    for (const ref of mine) await teacher.waitFlowing(ref);
    await room.removePeer('student');
    await waitFor('both consumers announced removed', () => removed.length === 2);
    // The worker's notices come after the removal: give them time to arrive and be logged.
    await new Promise((r) => setTimeout(r, 300));
    expect(log.errors).toEqual([]);
    await room.close();
  });
});
