/**
 * Which writes a request's answer waits for (issue 13.6, docs/bench.md "bench:failover"): its
 * own attendance facts, stored, and nobody else's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AttendanceService,
  openStorage,
  type AttendanceStore,
  type LessonActivity,
  type ParticipationEvent,
  type Storage,
  type StoredParticipationEvent,
} from '../../classroom/index.js';
import { deferred, SerialQueue, silentLogger, systemClock, UnavailableError, type Deferred } from '../../platform/index.js';
import { StoredAttendance } from './StoredAttendance.js';

/** A store whose appends are held until the test settles them, one by one. */
class HeldStore implements AttendanceStore {
  readonly held = new Map<string, Deferred<void>>();

  append(event: ParticipationEvent): Promise<void> {
    const d = deferred<void>();
    this.held.set(event.userId, d);
    return d.promise;
  }

  appendMany(events: readonly ParticipationEvent[]): Promise<void> {
    return Promise.all(events.map((e) => this.append(e))).then(() => undefined);
  }

  eventsForLesson(): Promise<StoredParticipationEvent[]> {
    return Promise.resolve([]);
  }
}

const fact = (userId: string): LessonActivity => ({ lessonId: 'l1', userId, participantId: `p-${userId}`, role: 'student', kind: 'join', atMs: 1 });
const tick = () => new Promise<void>((r) => setImmediate(r));

/** 'answered', 'failed' or 'waiting' after the current writes had their chance to settle. */
async function stateOf(answer: Promise<unknown>): Promise<string> {
  let state = 'waiting';
  answer.then(
    () => (state = 'answered'),
    (err: unknown) => (state = err instanceof UnavailableError ? 'failed' : 'other error'),
  );
  await tick();
  await tick();
  return state;
}

let dir: string;
let storage: Storage;
let store: HeldStore;
let attendance: StoredAttendance;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stored-attendance-'));
  storage = await openStorage({ engine: 'sqlite', sqlite: { dataDir: dir } });
  store = new HeldStore();
  attendance = new StoredAttendance({ ...storage, attendance: store }, new AttendanceService(storage, { clock: systemClock }), silentLogger());
});
afterEach(async () => {
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('StoredAttendance.answerWhenStored', () => {
  it('answers a request that recorded nothing at once, while another request waits for its slow write', async () => {
    const slow = attendance.answerWhenStored(async () => {
      attendance.record(fact('an'));
      return 'slow';
    });
    await tick();
    const quiet = attendance.answerWhenStored(async () => 'quiet');
    expect(await stateOf(quiet)).toBe('answered');
    expect(await stateOf(slow)).toBe('waiting');
    store.held.get('an')?.resolve();
    expect(await slow).toBe('slow');
  });

  it("waits for its own fact only, not for another request's fact recorded while it ran", async () => {
    const gate = deferred<void>();
    const mine = attendance.answerWhenStored(async () => {
      attendance.record(fact('binh'));
      await gate.promise; // another request records meanwhile
      return 'mine';
    });
    const other = attendance.answerWhenStored(async () => {
      attendance.record(fact('chi'));
    });
    gate.resolve();
    await tick();
    store.held.get('binh')?.resolve();
    expect(await stateOf(mine)).toBe('answered');
    expect(await stateOf(other)).toBe('waiting');
    store.held.get('chi')?.resolve();
    expect(await stateOf(other)).toBe('answered');
  });

  it("counts a fact recorded on a serial queue the request pushed to (the room's queue) as the request's", async () => {
    const room = new SerialQueue('room');
    const blocker = deferred<void>();
    void room.push(() => blocker.promise); // the queue is busy when the request pushes its change
    const answer = attendance.answerWhenStored(() => room.push(() => attendance.record(fact('dung'))));
    blocker.resolve();
    await tick();
    expect(store.held.has('dung')).toBe(true);
    expect(await stateOf(answer)).toBe('waiting');
    store.held.get('dung')?.resolve();
    expect(await stateOf(answer)).toBe('answered');
  });

  it("fails a request whose own fact could not be stored, and not the one beside it", async () => {
    const failing = attendance.answerWhenStored(async () => attendance.record(fact('giang')));
    const beside = attendance.answerWhenStored(async () => attendance.record(fact('hoa')));
    await tick();
    store.held.get('giang')?.reject(new Error('disk full'));
    store.held.get('hoa')?.resolve();
    expect(await stateOf(failing)).toBe('failed');
    expect(await stateOf(beside)).toBe('answered');
  });

  it('flushed() still waits for every fact recorded so far, whoever recorded it', async () => {
    attendance.record(fact('khanh'));
    await tick();
    expect(await stateOf(attendance.flushed())).toBe('waiting');
    store.held.get('khanh')?.resolve();
    expect(await stateOf(attendance.flushed())).toBe('answered');
  });
});
