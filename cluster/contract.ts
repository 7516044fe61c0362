/**
 * THE contract of the cluster interfaces (conventions §8), written once and run against every
 * implementation: InMemoryCluster.test.ts (unit) and RedisCluster.int.test.ts (real Redis).
 * Several nodes are several `join()`ed handles on one shared store. Time-based cases use
 * short TTLs and poll with a bounded wait, never a fixed sleep that guesses the timing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cluster, ClusterDependencies, ClusterOptions } from './ClusterTypes.js';
import { describeBusContract } from './contractBus.js';
import { collector, eventually, node, SHORT_TTL_MS, text, type ContractContext } from './contractHelpers.js';
import { describeLessonStateContract } from './contractLessonState.js';
import { describeProbeContract } from './contractProbe.js';
import { describeRoomContract } from './contractRooms.js';
import { pickNodeForNewRoom } from './placement.js';

/** One implementation, as the contract sees it. */
export interface ClusterHarness {
  /** A new node's handle on the store shared by every handle of this harness. */
  join(options?: ClusterOptions, deps?: ClusterDependencies): Promise<Cluster>;
  /** Frees the shared store; called after each test, once its handles are closed. */
  dispose(): Promise<void>;
}

export function describeClusterContract(implementation: string, newHarness: () => Promise<ClusterHarness>): void {
  describe(`cluster contract: ${implementation}`, () => {
    let harness: Promise<ClusterHarness> | undefined;
    const handles: Cluster[] = [];
    const ctx: ContractContext = {
      async join(options, deps) {
        harness ??= newHarness(); // one per test, even for joins made at once
        const handle = await (await harness).join(options, deps);
        handles.push(handle);
        return handle;
      },
    };

    beforeEach(() => {
      harness = undefined;
      handles.length = 0;
    });

    afterEach(async () => {
      await Promise.all(handles.map((h) => h.close()));
      await (await harness)?.dispose();
    });

    describeNodeContract(ctx);
    describeRoomContract(ctx);
    describeBusContract(ctx);
    describeProbeContract(ctx);
    describeLessonStateContract(ctx);
    describeLifecycleContract(ctx);
  });
}

function describeNodeContract(ctx: ContractContext): void {
  describe('NodeRegistry', () => {
    it('announce() lists the node, with its url, state, load and heartbeat, on every node', async () => {
      const a = await ctx.join();
      const b = await ctx.join();
      const before = Date.now();
      const info = await a.nodes.announce(node('node-a', { load: { rooms: 2, participants: 31 } }));
      expect(info).toMatchObject({ id: 'node-a', url: 'https://node-a.example.test', state: 'active', load: { rooms: 2, participants: 31 } });
      // The store's clock, not ours; allow for a little skew.
      expect(Math.abs(info.lastHeartbeat - before)).toBeLessThan(5_000);
      expect(await b.nodes.listNodes()).toEqual([info]);
      expect(await b.nodes.getNode('node-a')).toEqual(info);
      expect(await b.nodes.getNode('node-z')).toBeUndefined();
    });

    it('a second announce() (a heartbeat) replaces the record; nodes are listed by id', async () => {
      const a = await ctx.join();
      const b = await ctx.join();
      await b.nodes.announce(node('node-b'));
      const first = await a.nodes.announce(node('node-a'));
      await new Promise((r) => setTimeout(r, 5));
      const second = await a.nodes.announce(node('node-a', { state: 'draining', load: { rooms: 1, participants: 4 } }));
      expect(second.lastHeartbeat).toBeGreaterThanOrEqual(first.lastHeartbeat);
      const listed = await b.nodes.listNodes();
      expect(listed.map((n) => n.id)).toEqual(['node-a', 'node-b']);
      expect(listed[0]).toEqual(second);
    });

    it('a node that stops announcing disappears after nodeTtlMs', async () => {
      const a = await ctx.join({ nodeTtlMs: SHORT_TTL_MS });
      const b = await ctx.join();
      await b.nodes.announce(node('node-b'));
      await a.nodes.announce(node('node-a'));
      expect((await b.nodes.listNodes()).map((n) => n.id)).toEqual(['node-a', 'node-b']);
      await eventually(async () => {
        expect((await b.nodes.listNodes()).map((n) => n.id)).toEqual(['node-b']);
        expect(await b.nodes.getNode('node-a')).toBeUndefined();
      });
    });

    it('withdraw() removes the node at once and frees its rooms', async () => {
      const a = await ctx.join();
      const b = await ctx.join();
      await a.nodes.announce(node('node-a'));
      await b.nodes.announce(node('node-b'));
      expect(await a.rooms.claimRoom('room-1', 'node-a')).toBe('node-a');
      await a.nodes.withdraw('node-a');
      await a.nodes.withdraw('node-a'); // a no-op the second time
      expect((await b.nodes.listNodes()).map((n) => n.id)).toEqual(['node-b']);
      expect(await b.rooms.nodeForRoom('room-1')).toBeUndefined();
      expect(await b.rooms.claimRoom('room-1', 'node-b')).toBe('node-b');
    });

    it('draining nodes are listed but never chosen for a new room', async () => {
      const a = await ctx.join();
      await a.nodes.announce(node('node-a', { load: { rooms: 9, participants: 300 } }));
      await a.nodes.announce(node('node-b', { state: 'draining', load: { rooms: 0, participants: 0 } }));
      await a.nodes.announce(node('node-c', { load: { rooms: 3, participants: 40 } }));
      const listed = await a.nodes.listNodes();
      expect(listed.map((n) => `${n.id}:${n.state}`)).toEqual(['node-a:active', 'node-b:draining', 'node-c:active']);
      expect(pickNodeForNewRoom(listed)?.id).toBe('node-c');
      await a.nodes.announce(node('node-c', { state: 'draining' }));
      expect(pickNodeForNewRoom(await a.nodes.listNodes())?.id).toBe('node-a');
      await a.nodes.announce(node('node-a', { state: 'draining' }));
      expect(pickNodeForNewRoom(await a.nodes.listNodes())).toBeUndefined();
    });

    it('rejects malformed announcements and ids with a ValidationError', async () => {
      const a = await ctx.join();
      await expect(a.nodes.announce(node('bad:id'))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(a.nodes.announce(node('node-a', { url: '' }))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(a.nodes.announce(node('node-a', { load: { rooms: -1, participants: 0 } }))).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
      await expect(a.nodes.getNode('x'.repeat(129))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      expect(await a.nodes.listNodes()).toEqual([]);
    });
  });
}

function describeLifecycleContract(ctx: ContractContext): void {
  describe('lifecycle', () => {
    it('close() is safe twice; calls after it reject with a ClosedError; the store is untouched', async () => {
      const a = await ctx.join();
      const b = await ctx.join();
      await a.nodes.announce(node('node-a'));
      await a.rooms.claimRoom('room-1', 'node-a');
      expect(a.closed).toBe(false);
      await Promise.all([a.close(), a.close()]);
      await a.close();
      expect(a.closed).toBe(true);
      await expect(a.nodes.listNodes()).rejects.toMatchObject({ name: 'ClosedError', code: 'UNAVAILABLE' });
      await expect(a.rooms.nodeForRoom('room-1')).rejects.toMatchObject({ name: 'ClosedError' });
      await expect(a.bus.publish('ch', text('x'))).rejects.toMatchObject({ name: 'ClosedError' });
      await expect(a.bus.subscribe('ch', () => undefined)).rejects.toMatchObject({ name: 'ClosedError' });
      // Like a crash: the others still see the node and its room until the TTLs run out.
      expect(await b.rooms.nodeForRoom('room-1')).toBe('node-a');
    });

    it('close() rejects the calls still in flight with a ClosedError', async () => {
      const a = await ctx.join();
      await a.nodes.announce(node('node-a'));
      const inFlight = [a.nodes.listNodes(), a.rooms.claimRoom('room-1', 'node-a'), a.bus.subscribe('ch', () => undefined)];
      const closing = a.close();
      for (const call of inFlight) await expect(call).rejects.toMatchObject({ name: 'ClosedError' });
      await closing;
    });

    it('a closed node stops receiving messages', async () => {
      const a = await ctx.join();
      const b = await ctx.join();
      const onA = collector();
      const onB = collector();
      await a.bus.subscribe('news', onA.handler);
      await b.bus.subscribe('news', onB.handler);
      await a.close();
      await b.bus.publish('news', text('after close'));
      await eventually(() => expect(onB.received).toEqual(['news:after close']));
      expect(onA.received).toEqual([]);
    });
  });
}
