import { describe, expect, it } from 'vitest';
import { ConflictError, NotAuthorizedError } from '../../platform/index.js';
import { admittedId, makeRoom, student, teacher } from '../__fixtures__/liveRoom.js';
import type { FeatureEvent, LessonRoom } from '../liveRoom/index.js';
import { RECORDING, recordingFeature, type RecordingControl, type RecordingFailure } from './index.js';

/** A recorder that records what it is asked, and lets the test make a recording fail. */
class ScriptedRecorder implements RecordingControl {
  readonly started: Array<{ lessonId: string; startedBy: string; teacherOf(id: string): boolean }> = [];
  readonly stopped: string[] = [];
  failNextStart: Error | null = null;
  #failers = new Map<string, (r: RecordingFailure) => void>();
  #n = 0;

  async start(r: Parameters<RecordingControl['start']>[0]): Promise<{ recordingId: string; startedAtMs: number }> {
    if (this.failNextStart) {
      const e = this.failNextStart;
      this.failNextStart = null;
      throw e;
    }
    const id = `rec-${++this.#n}`;
    this.started.push({ lessonId: r.lessonId, startedBy: r.startedBy, teacherOf: r.isTeacher });
    this.#failers.set(id, r.onFailed);
    return { recordingId: id, startedAtMs: 5_000 };
  }

  async stop(recordingId: string): Promise<void> {
    this.stopped.push(recordingId);
  }

  fail(recordingId: string, reason: RecordingFailure): void {
    this.#failers.get(recordingId)?.(reason);
  }
}

function told(room: LessonRoom): FeatureEvent[] {
  const events: FeatureEvent[] = [];
  room.on('feature', (_audience, event) => events.push(event));
  return events;
}

const setUp = () => {
  const recorder = new ScriptedRecorder();
  return { recorder, ...makeRoom({ autoAdmit: true }, [recordingFeature(recorder)]) };
};

describe('LiveRecording', () => {
  it('the teacher starts and stops; everyone is told, and a newcomer finds it in the snapshot', async () => {
    const { room, recorder } = setUp();
    const t = await admittedId(room, teacher);
    const s = await admittedId(room, student(1));
    const events = told(room);
    await room.feature(RECORDING).start(t);
    expect(recorder.started.map((x) => [x.startedBy])).toEqual([['u-t']]);
    // The recorder learns who is a teacher (their camera is recorded) from the room.
    expect([recorder.started[0]!.teacherOf(t), recorder.started[0]!.teacherOf(s)]).toEqual([true, false]);
    const late = await admittedId(room, student(2));
    expect(RECORDING.snapshotIn(await room.snapshot(late))).toEqual({ recording: true, startedAtMs: 5_000, failure: null });
    await room.feature(RECORDING).stop(t);
    expect(recorder.stopped).toEqual(['rec-1']);
    expect(events).toEqual([
      { type: 'recordingUpdated', status: { recording: true, startedAtMs: 5_000, failure: null } },
      { type: 'recordingUpdated', status: { recording: false, startedAtMs: 0, failure: null } },
    ]);
    await room.feature(RECORDING).stop(t); // not recording: nothing happens
    expect(recorder.stopped).toEqual(['rec-1']);
  });

  it('a student may neither start nor stop; a second start is a conflict; a failed start leaves it startable', async () => {
    const { room, recorder } = setUp();
    const t = await admittedId(room, teacher);
    const s = await admittedId(room, student(1));
    await expect(room.feature(RECORDING).start(s)).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(room.feature(RECORDING).start(s)).rejects.toThrow(/Only the teacher can record the lesson/);
    recorder.failNextStart = new Error('Not enough disk space to record');
    await expect(room.feature(RECORDING).start(t)).rejects.toThrow(/disk space/);
    await room.feature(RECORDING).start(t);
    await expect(room.feature(RECORDING).start(t)).rejects.toBeInstanceOf(ConflictError);
    await expect(room.feature(RECORDING).stop(s)).rejects.toBeInstanceOf(NotAuthorizedError);
    expect(room.feature(RECORDING).status().recording).toBe(true);
    expect(recorder.started).toHaveLength(1);
  });

  it('a recording that fails by itself is told with its reason; the lesson goes on and can record again', async () => {
    const { room, recorder } = setUp();
    const t = await admittedId(room, teacher);
    const events = told(room);
    await room.feature(RECORDING).start(t);
    recorder.fail('rec-1', 'disk_full');
    await new Promise((r) => setTimeout(r, 10)); // the failure is applied on the room's queue
    expect(events.at(-1)).toEqual({ type: 'recordingUpdated', status: { recording: false, startedAtMs: 0, failure: 'disk_full' } });
    await room.feature(RECORDING).start(t);
    expect(room.feature(RECORDING).status()).toEqual({ recording: true, startedAtMs: 5_000, failure: null });
  });

  it('with automatic recording, the first teacher media starts it once; the teacher may stop it; students and a school without the setting start nothing', async () => {
    const auto = (on: boolean) => {
      const recorder = new ScriptedRecorder();
      const asked: string[] = [];
      const setting = async (lessonId: string) => (asked.push(lessonId), on);
      return { recorder, asked, ...makeRoom({ autoAdmit: true }, [recordingFeature(recorder, setting)]) };
    };
    const on = auto(true);
    const t = await admittedId(on.room, teacher);
    const s = await admittedId(on.room, student(1));
    await on.room.feature(RECORDING).mediaPublished(s);
    expect(on.recorder.started).toEqual([]);
    // Camera and microphone published at once: one recording.
    await Promise.all([on.room.feature(RECORDING).mediaPublished(t), on.room.feature(RECORDING).mediaPublished(t)]);
    expect(on.recorder.started.map((x) => x.startedBy)).toEqual(['u-t']);
    expect(on.asked).toHaveLength(1);
    await on.room.feature(RECORDING).stop(t);
    await on.room.feature(RECORDING).mediaPublished(t); // a later share: the teacher's stop stands
    expect(on.recorder.started).toHaveLength(1);
    expect(on.room.feature(RECORDING).status().recording).toBe(false);

    const off = auto(false);
    const t2 = await admittedId(off.room, teacher);
    await off.room.feature(RECORDING).mediaPublished(t2);
    expect(off.asked).toHaveLength(1);
    expect(off.recorder.started).toEqual([]);
  });

  it('the end of the lesson stops the recording', async () => {
    const { room, recorder } = setUp();
    const t = await admittedId(room, teacher);
    await room.feature(RECORDING).start(t);
    await room.end(t);
    expect(recorder.stopped).toEqual(['rec-1']);
  });
});

describe('LiveRecording: the chat kept with a recording (issue 9)', () => {
  it('keeps the main room messages sent while recording, with who sent them; none before the start or after the stop', async () => {
    const recorder = new ScriptedRecorder();
    const kept: Array<Parameters<NonNullable<Parameters<typeof recordingFeature>[2]>>[0]> = [];
    const { room, clock } = makeRoom({ autoAdmit: true }, [recordingFeature(recorder, undefined, async (m) => void kept.push(m))]);
    const t = await admittedId(room, teacher);
    const s = await admittedId(room, student(1));
    await room.sendChat(s, 'trước khi ghi');
    await room.feature(RECORDING).start(t);
    clock.advance(1_000);
    await room.sendChat(s, 'Em chào cô ạ');
    clock.advance(500);
    await room.sendChat(t, 'Chào cả lớp');
    await room.feature(RECORDING).stop(t);
    await room.sendChat(s, 'sau khi ghi');
    expect(kept.map((m) => [m.recordingId, m.userId, m.displayName, m.text])).toEqual([
      ['rec-1', 'u-s1', 'Học sinh 1', 'Em chào cô ạ'],
      ['rec-1', 'u-t', 'Cô Hoa', 'Chào cả lớp'],
    ]);
    expect(kept[1]!.sentAt - kept[0]!.sentAt).toBe(500);
  });

  it('a store that fails loses the kept copy only: the message still reaches the lesson', async () => {
    const recorder = new ScriptedRecorder();
    const { room } = makeRoom({ autoAdmit: true }, [recordingFeature(recorder, undefined, () => Promise.reject(new Error('disk full')))]);
    const t = await admittedId(room, teacher);
    const seen: string[] = [];
    room.on('chatMessage', (m) => seen.push(m.text));
    await room.feature(RECORDING).start(t);
    await room.sendChat(t, 'Vẫn gửi được');
    expect(seen).toEqual(['Vẫn gửi được']);
  });
});
