import { describe, expect, it } from 'vitest';
import { InMemoryLessonCatalog } from '../../classroom/index.js';
import { createMetricsRegistry, deferred, silentLogger, systemClock } from '../../platform/index.js';
import { FakeTransportEngine } from '../media/testing/FakeTransportEngine.js';
import { createSignalingMetrics, type SignalingMetrics } from '../metrics.js';
import { ClientSession, type SessionTransport } from '../ws/ClientSession.js';
import { LessonElsewhereError, LessonHubs, type LessonHubsDeps, type LessonOwnership, type Ownership } from './LessonHubs.js';

const LESSON = 'les_hubs';

/** One lease per lesson, as cluster/RoomDirectory keeps it: this node is 'here'. */
class FakeOwnership implements LessonOwnership {
  owner: string | undefined;
  async claim(): Promise<Ownership> {
    this.owner ??= 'here';
    return this.owner === 'here' ? { mine: true } : { mine: false, ownerId: this.owner, route: this.owner };
  }
  async release(): Promise<void> {
    if (this.owner === 'here') this.owner = undefined;
  }
}

class NullTransport implements SessionTransport {
  send(): boolean {
    return true;
  }
  close(): void {}
}

function setup(overrides: Partial<LessonHubsDeps> = {}) {
  const catalog = new InMemoryLessonCatalog();
  catalog.add({ id: LESSON, title: 'Hàm số', className: '9A', subjectName: 'Toán', teacherName: 'Cô Lan', scheduledStartMs: 0, scheduledEndMs: 0 });
  const ownership = new FakeOwnership();
  const metrics = createSignalingMetrics(createMetricsRegistry({ processMetrics: false }));
  const hubs = new LessonHubs(
    { reconnectGraceMs: 1000, chatHistory: 10, emptyRoomCloseMs: 0 },
    { catalog, features: [], ownership, engine: new FakeTransportEngine(), clock: systemClock, logger: silentLogger(), metrics, onActivity: () => undefined, ...overrides },
  );
  return { hubs, ownership, metrics };
}

function session(): ClientSession {
  const limits = { maxBadFrames: 3, messagesPerSecond: 100, messageBurst: 100, requestTimeoutMs: 5000 };
  const metrics = createSignalingMetrics(createMetricsRegistry({ processMetrics: false }));
  return new ClientSession({ transport: new NullTransport(), dispatch: async () => undefined, limits, metrics, logger: silentLogger(), remoteAddress: '127.0.0.1', cookieHeader: '', now: 0 });
}

const teacher = { userId: 'u-teacher', displayName: 'Cô Lan', role: 'teacher' as const, classMember: true };

describe('LessonHubs', () => {
  it('a lesson opened while its empty room is still closing here gets a new room after that close, and keeps its lease', async () => {
    const closedGate = deferred<void>();
    const order: string[] = [];
    let closes = 0;
    const { hubs, ownership } = setup({
      lessonOpening: async () => void order.push('opening'),
      // The old room's attendance is closed (a database write) before its lease is released.
      lessonClosed: async () => {
        if (closes++ === 0) await closedGate.promise;
        order.push('closed');
      },
    });
    const first = await hubs.open(LESSON);
    const s = session();
    const { participant } = await first.join(s, teacher, { micOn: false, cameraOn: false });
    await first.leave(s, participant.id);
    // Nobody left: after emptyRoomCloseMs (0) the room closes and waits for its attendance.
    await new Promise((r) => setTimeout(r, 20));
    expect(first.closed).toBe(true);
    expect(ownership.owner).toBe('here');
    // Someone comes back now.
    const reopening = hubs.open(LESSON);
    await new Promise((r) => setTimeout(r, 20));
    closedGate.resolve();
    const second = await reopening;
    expect(second).not.toBe(first);
    expect(second.closed).toBe(false);
    expect(hubs.get(LESSON)).toBe(second);
    await new Promise((r) => setTimeout(r, 20));
    // The old room's close ran to its end first: the new room holds the lease (it was released
    // under the new room before, and another node could claim the lesson), and its attendance
    // recovery comes after the old room's close.
    expect(ownership.owner).toBe('here');
    expect(order).toEqual(['opening', 'closed', 'opening']);
    await hubs.closeAll();
  });

  it('a caller is never handed a room that closed while it waited: the lesson moved to another node as it opened here', async () => {
    let hubs!: LessonHubs;
    const ownership = new FakeOwnership();
    const metrics = createSignalingMetrics(createMetricsRegistry({ processMetrics: false }));
    const moved: SignalingMetrics = {
      ...metrics,
      // Runs as the new room is registered: this node's lease turns out lost (its heartbeat
      // found another node holding the lesson) before the callers resume.
      lessonsOpen: (count) => {
        metrics.lessonsOpen(count);
        if (count === 1 && ownership.owner === 'here') {
          ownership.owner = 'node-2';
          void hubs.lost([LESSON]);
        }
      },
    };
    hubs = setup({ ownership, metrics: moved }).hubs;
    const [a, b] = await Promise.allSettled([hubs.open(LESSON), hubs.open(LESSON)]);
    for (const r of [a, b]) {
      expect(r.status).toBe('rejected');
      expect(r.status === 'rejected' && r.reason).toBeInstanceOf(LessonElsewhereError);
    }
    expect(hubs.get(LESSON)).toBeUndefined();
  });

  it('a lesson claimed as the node shuts down, or whose opening fails, gives its lease back: the class is not sent to a node without its room', async () => {
    const opening = deferred<void>();
    const closing = setup({ lessonOpening: () => opening.promise });
    const open = closing.hubs.open(LESSON);
    await new Promise((r) => setTimeout(r, 10));
    // Claimed here, its attendance recovery still running: the node drains.
    expect(closing.ownership.owner).toBe('here');
    await closing.hubs.closeAll();
    opening.resolve();
    await expect(open).rejects.toThrow('shutting down');
    expect(closing.ownership.owner).toBeUndefined();
    expect(closing.hubs.get(LESSON)).toBeUndefined();

    const failing = setup({ lessonOpening: () => Promise.reject(new Error('database unreachable')) });
    await expect(failing.hubs.open(LESSON)).rejects.toThrow('database unreachable');
    expect(failing.ownership.owner).toBeUndefined();
  });
});
