/**
 * The media engine suite: the behaviour every engine must have (publish, subscribe, layers, mute,
 * ICE, bad input, instance death and recovery, no process left after close), written apart from
 * the engine; `sfu/mediasoup.engine.int.test.ts` runs it with its EngineTarget (the Janus engine
 * ran it too until issue 12 removed it). Real engine processes, real libwebrtc peers
 * (enginePeers.ts); what only the engine's internals have stays in `sfu/mediasoup/*.int.test.ts`.
 *
 * It lives in testkit/ because it drives the test peers (only tests and testkit may use them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, ValidationError } from '../platform/index.js';
import type { MediaEngine, MediaEngineKind, MediaRoom, PublishedStream, StreamRef } from '../sfu/index.js';
import { testPeer, type TestPeer } from './enginePeers.js';
import { waitFor } from './mediaSources.js';

export interface StartedEngine {
  engine: MediaEngine;
  /** The instance room `roomId` is on. */
  instanceOf(roomId: string): string | undefined;
  /** Every process pid the engine has run so far (restarts included). */
  pids(): number[];
  /** Closes the engine (and removes what it wrote). */
  dispose(): Promise<void>;
}

/** A call the engine must refuse with an error safe to show, leaving the room usable. */
export interface BadInput {
  name: string;
  run(room: MediaRoom, peerId: string): Promise<unknown>;
}

/** A way of establishing ICE the engine supports (mediasoup: ICE restart, TCP only). */
export interface IceCase {
  name: string;
  /** Connects a publisher and a subscriber that way and shows media flowing; `track` closes peers at the end. */
  run(room: MediaRoom, track: <T extends { close(): void }>(peer: T) => T): Promise<void>;
}

export interface EngineTarget {
  kind: MediaEngineKind;
  start(instances: number): Promise<StartedEngine>;
  badInputs: BadInput[];
  iceCases: IceCase[];
  /** Pids (among `pids`) still running. */
  alive(pids: readonly number[]): number[];
}

const MIC = (peerId: string): StreamRef => ({ peerId, label: 'microphone' });
const CAM = (peerId: string): StreamRef => ({ peerId, label: 'camera' });
const refsOf = (streams: PublishedStream[]) => streams.map((s) => ({ peerId: s.peerId, label: s.label }));
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

function once<T extends unknown[]>(subscribe: (cb: (...args: T) => void) => void, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs} ms`)), timeoutMs);
    subscribe((...args) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

/** Packets of `ref` at `peer` during `ms` (after letting in-flight packets arrive). */
async function packetsDuring(peer: TestPeer, ref: StreamRef, ms: number): Promise<number> {
  await pause(500);
  const before = (await peer.of(ref))?.packets ?? 0;
  await pause(ms);
  return ((await peer.of(ref))?.packets ?? 0) - before;
}

/** Registers the whole suite for one engine. Call inside a describe named after the engine. */
export function describeEngineContract(target: EngineTarget): void {
  const peers: Array<{ close(): void }> = [];
  const track = <T extends { close(): void }>(p: T): T => {
    peers.push(p);
    return p;
  };
  const peer = (room: MediaRoom, id: string) => track(testPeer(room, id));
  const engines: StartedEngine[] = [];
  const start = async (instances: number) => {
    const e = await target.start(instances);
    engines.push(e);
    return e;
  };

  afterAll(async () => {
    for (const p of peers) p.close();
    for (const e of engines) {
      const pids = e.pids();
      await e.dispose();
      expect(target.alive(pids)).toEqual([]);
    }
  });

  describe('media', () => {
    let e: StartedEngine;
    beforeAll(async () => {
      e = await start(1);
    });

    it('publish: the streams are announced with their kind; three subscribers decode them', async () => {
      const room = await e.engine.createRoom('publish');
      const announced = once<[PublishedStream[]]>((cb) => room.on('streamsChanged', (s) => s.length === 2 && cb(s)), 10_000, 'streamsChanged');
      await peer(room, 'teacher').publish();
      expect((await announced)[0].map((s) => [s.peerId, s.label, s.kind, s.simulcast])).toEqual([
        ['teacher', 'microphone', 'audio', false],
        ['teacher', 'camera', 'video', false],
      ]);
      const subs = ['s1', 's2', 's3'].map((id) => peer(room, id));
      for (const s of subs) {
        await s.receive();
        await room.setSubscriptions(s.peerId, refsOf(room.streams()));
      }
      for (const s of subs) {
        expect((await s.waitFlowing(MIC('teacher'))).packets).toBeGreaterThanOrEqual(8);
        const video = await s.waitFlowing(CAM('teacher'));
        expect([video.width, video.height]).toEqual([320, 240]);
        expect(s.errors).toEqual([]);
      }
      await room.close();
    });

    it('subscriptions follow publishers joining and leaving', async () => {
      const room = await e.engine.createRoom('follow');
      const subs = ['s1', 's2'].map((id) => peer(room, id));
      const errors: unknown[] = [];
      // What the signaling does: everyone receives every stream but their own.
      room.on('streamsChanged', (streams) => {
        for (const s of subs) room.setSubscriptions(s.peerId, refsOf(streams.filter((x) => x.peerId !== s.peerId))).catch((err: unknown) => errors.push(err));
      });
      for (const s of subs) await s.receive();
      await peer(room, 'alice').publish();
      for (const s of subs) await s.waitFlowing(CAM('alice'));
      await peer(room, 'bob').publish();
      for (const s of subs) {
        await s.waitFlowing(MIC('bob'));
        await s.waitFlowing(CAM('bob'));
        expect(s.receiving()).toEqual(['alice/camera', 'alice/microphone', 'bob/camera', 'bob/microphone']);
      }
      await room.removePeer('alice');
      expect(room.streams().map((x) => x.peerId)).toEqual(['bob', 'bob']);
      for (const s of subs) {
        await waitFor('alice gone', () => !s.receiving().some((x) => x.startsWith('alice/')));
        await s.waitFlowing(CAM('bob'));
        expect(s.errors).toEqual([]);
      }
      expect(errors).toEqual([]);
      await room.close();
    });

    it('layers: the decoded resolution follows setLayer; off stops the video', async () => {
      const room = await e.engine.createRoom('layers');
      await peer(room, 'teacher').publish({ width: 960, height: 540, simulcast: true });
      expect(room.streams().find((s) => s.label === 'camera')?.simulcast).toBe(true);
      const viewer = peer(room, 'viewer');
      await viewer.receive();
      const cam = CAM('teacher');
      const size = async () => {
        const c = await viewer.of(cam);
        return c ? `${c.width}x${c.height}` : '';
      };
      const switched: string[] = [];
      const switchTo = async (layer: 'low' | 'medium' | 'high', expected: string) => {
        const asked = Date.now();
        await room.setLayer('viewer', cam, layer);
        await waitFor(`${layer} layer`, async () => (await size()) === expected, 15_000);
        switched.push(`${layer} ${Date.now() - asked} ms`);
      };
      await room.setLayer('viewer', cam, 'low');
      await room.setSubscriptions('viewer', [cam]);
      await waitFor('low layer', async () => (await size()) === '240x135', 15_000);
      await switchTo('medium', '480x270');
      await switchTo('high', '960x540');
      await switchTo('low', '240x135');
      await switchTo('high', '960x540');
      console.info(`${target.kind}: layer switches (setLayer → first decoded frame of the new size): ${switched.join(', ')}`);
      await room.setLayer('viewer', cam, 'off');
      expect(await packetsDuring(viewer, cam, 1_500)).toBeLessThanOrEqual(2);
      await room.setLayer('viewer', cam, 'low');
      await viewer.waitFlowing(cam);
      await waitFor('low layer again', async () => (await size()) === '240x135', 15_000);
      await room.close();
    });

    it('server mute stops one stream at every subscriber and resumes it; a mute set before publishing holds', async () => {
      const room = await e.engine.createRoom('mute');
      await room.setStreamEnabled(CAM('student'), false); // before the student publishes
      await peer(room, 'student').publish();
      const teacher = peer(room, 'teacher');
      await teacher.receive();
      await room.setSubscriptions('teacher', [MIC('student'), CAM('student')]);
      await teacher.waitFlowing(MIC('student'));
      expect(await packetsDuring(teacher, CAM('student'), 1_000)).toBeLessThanOrEqual(2);
      await room.setStreamEnabled(CAM('student'), true);
      await teacher.waitFlowing(CAM('student'));

      await room.setStreamEnabled(MIC('student'), false);
      await pause(500);
      const [a1, v1] = [(await teacher.of(MIC('student')))?.packets ?? 0, (await teacher.of(CAM('student')))?.packets ?? 0];
      await pause(1_500);
      const [a2, v2] = [(await teacher.of(MIC('student')))?.packets ?? 0, (await teacher.of(CAM('student')))?.packets ?? 0];
      expect(a2 - a1).toBeLessThanOrEqual(2); // about 75 would arrive in 1.5 s
      expect(v2 - v1).toBeGreaterThan(5); // the camera still flows
      await room.setStreamEnabled(MIC('student'), true);
      await teacher.waitFlowing(MIC('student'));
      await room.close();
    });

    it('a loud publisher is reported talking', async () => {
      const room = await e.engine.createRoom('talking');
      const talking = once<[string, boolean]>((cb) => room.on('talking', (p, on) => on && cb(p, on)), 10_000, 'talking');
      await peer(room, 'speaker').publish({ video: false });
      expect((await talking)[0]).toBe('speaker');
      await room.close();
    });

    it('bad input gets a clear error, and the room keeps serving', async () => {
      const room = await e.engine.createRoom('bad-input');
      const common: BadInput[] = [
        { name: 'an empty peer id', run: (r) => r.setSubscriptions('', []) },
        { name: 'streams that are not a list', run: (r, p) => r.setSubscriptions(p, 'all' as never) },
        { name: 'an unknown layer', run: (r, p) => r.setLayer(p, CAM('x'), 'ultra' as never) },
      ];
      for (const bad of [...common, ...target.badInputs]) {
        const err = await bad.run(room, 'p').then(
          () => new Error(`${bad.name}: accepted`),
          (error: unknown) => error,
        );
        expect(err, bad.name).toBeInstanceOf(AppError);
        expect((err as AppError).exposable, bad.name).toBe(true);
        expect(err instanceof ValidationError || ['MEDIA', 'NOT_FOUND'].includes((err as AppError).code), bad.name).toBe(true);
      }
      // The same peer, the same room: served.
      await peer(room, 'p').publish();
      const viewer = peer(room, 'viewer');
      await viewer.receive();
      await room.setSubscriptions('viewer', [CAM('p')]);
      await viewer.waitFlowing(CAM('p'));
      await room.close();
    });

    for (const ice of target.iceCases) {
      it(`ICE: ${ice.name}`, async () => {
        const room = await e.engine.createRoom(`ice-${target.iceCases.indexOf(ice)}`);
        await ice.run(room, track);
        await room.close();
      });
    }
  });

  describe('supervision', () => {
    it('a killed instance: down, restart, up; the room moves, emits reset, and media flows again on fresh connections', async () => {
      const e = await start(2);
      const { engine } = e;
      const room = await engine.createRoom('lesson');
      const victim = e.instanceOf('lesson') ?? '';
      const connectPair = async () => {
        const teacher = peer(room, 'teacher');
        const student = peer(room, 'student');
        // What a client does on MediaReset: drop its connections (no more answers, no consumes).
        room.once('reset', () => {
          teacher.close();
          student.close();
        });
        await teacher.publish();
        await student.receive();
        await room.setSubscriptions('student', [MIC('teacher'), CAM('teacher')]);
        await student.waitFlowing(MIC('teacher'));
        await student.waitFlowing(CAM('teacher'));
      };
      await connectPair();
      const down = once<[string, string]>((cb) => engine.once('instanceDown', cb), 5_000, 'instanceDown');
      const up = once<[string]>((cb) => engine.once('instanceUp', cb), 5_000, 'instanceUp');
      const reset = once<[string]>((cb) => room.once('reset', cb), 5_000, 'reset');
      const pid = engine.instancePids()[victim] ?? 0;
      expect(pid).toBeGreaterThan(0);
      const killedAt = Date.now();
      process.kill(pid, 'SIGKILL');

      expect((await down)[0]).toBe(victim);
      expect((await reset)[0]).toContain(victim);
      const resetAfterMs = Date.now() - killedAt;
      expect(room.streams()).toEqual([]);
      expect(e.instanceOf('lesson')).not.toBe(victim); // the other instance was up: moved at once
      expect((await up)[0]).toBe(victim);
      const upAfterMs = Date.now() - killedAt;
      expect(engine.instancePids()[victim]).not.toBe(pid);
      expect(engine.stats()).toMatchObject({ instancesConfigured: 2, instancesUp: 2, restarts: 1, rooms: 1 });

      // What clients do after MediaReset: publish again on fresh connections, subscribe again.
      await connectPair();
      const flowingAfterMs = Date.now() - killedAt;
      expect(flowingAfterMs).toBeLessThan(10_000);
      console.info(`${target.kind}: instance killed: reset after ${resetAfterMs} ms, up after ${upAfterMs} ms, media again after ${flowingAfterMs} ms`);
    });

    it('with a single instance, a call made while the room is re-created waits for it', async () => {
      const e = await start(1);
      const room = await e.engine.createRoom('solo');
      const reset = once<[string]>((cb) => room.once('reset', cb), 5_000, 'reset');
      process.kill(e.engine.instancePids()[e.instanceOf('solo') ?? ''] ?? 0, 'SIGKILL');
      await waitFor('instance down', () => !e.engine.ready, 2_000);
      await peer(room, 'teacher').publish(); // issued while nothing serves: waits, then served
      await reset;
      const viewer = peer(room, 'viewer');
      await viewer.receive();
      await room.setSubscriptions('viewer', [CAM('teacher')]);
      await viewer.waitFlowing(CAM('teacher'));
    });

    it('close() stops every process of the engine', async () => {
      const e = await target.start(2);
      const pids = e.pids();
      expect(pids).toHaveLength(2);
      expect(target.alive(pids)).toEqual(pids);
      await e.dispose();
      await e.engine.close(); // safe twice
      expect(target.alive(pids)).toEqual([]);
    });
  });
}
