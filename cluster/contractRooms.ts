/** The RoomDirectory part of the contract (see contract.ts). */
import { describe, expect, it } from 'vitest';
import { eventually, node, SHORT_TTL_MS, type ContractContext } from './contractHelpers.js';

export function describeRoomContract(ctx: ContractContext): void {
  describe('RoomDirectory', () => {
    it('claimRoom() takes a free room; every node then sees the owner', async () => {
      const a = await ctx.join();
      const b = await ctx.join();
      await a.nodes.announce(node('node-a'));
      await b.nodes.announce(node('node-b'));
      expect(await b.rooms.nodeForRoom('room-1')).toBeUndefined();
      expect(await a.rooms.claimRoom('room-1', 'node-a')).toBe('node-a');
      expect(await a.rooms.nodeForRoom('room-1')).toBe('node-a');
      expect(await b.rooms.nodeForRoom('room-1')).toBe('node-a');
      // Claiming a room one owns renews it; claiming another's returns the owner.
      expect(await a.rooms.claimRoom('room-1', 'node-a')).toBe('node-a');
      expect(await b.rooms.claimRoom('room-1', 'node-b')).toBe('node-a');
      expect(await b.rooms.roomsOf('node-a')).toEqual(['room-1']);
      expect(await b.rooms.roomsOf('node-b')).toEqual([]);
    });

    it('two nodes racing to claim the same room: exactly one wins, every round', async () => {
      const a = await ctx.join();
      const b = await ctx.join();
      await a.nodes.announce(node('node-a'));
      await b.nodes.announce(node('node-b'));
      const winners = { 'node-a': 0, 'node-b': 0 };
      for (let round = 0; round < 100; round++) {
        const roomId = `race-${round}`;
        const [byA, byB] = await Promise.all([a.rooms.claimRoom(roomId, 'node-a'), b.rooms.claimRoom(roomId, 'node-b')]);
        expect(byA).toBe(byB);
        expect(['node-a', 'node-b']).toContain(byA);
        expect(await b.rooms.nodeForRoom(roomId)).toBe(byA);
        winners[byA as keyof typeof winners]++;
      }
      expect(winners['node-a'] + winners['node-b']).toBe(100);
      const owned = [...(await a.rooms.roomsOf('node-a')), ...(await a.rooms.roomsOf('node-b'))];
      expect(owned).toHaveLength(100);
    });

    it('many nodes claiming at once agree on one owner', async () => {
      const handles = await Promise.all([0, 1, 2, 3, 4].map(() => ctx.join()));
      await Promise.all(handles.map((h, i) => h.nodes.announce(node(`node-${i}`))));
      for (let round = 0; round < 20; round++) {
        const owners = await Promise.all(handles.map((h, i) => h.rooms.claimRoom(`crowd-${round}`, `node-${i}`)));
        expect(new Set(owners).size).toBe(1);
      }
    });

    it('claimRoom() by a node that is not announced is refused with a ConflictError', async () => {
      const a = await ctx.join();
      await expect(a.rooms.claimRoom('room-1', 'node-ghost')).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(a.rooms.renewRooms('node-ghost', ['room-1'])).rejects.toMatchObject({ code: 'CONFLICT' });
      expect(await a.rooms.nodeForRoom('room-1')).toBeUndefined();
    });

    it('releaseRoom() frees the room only when the owner asks', async () => {
      const a = await ctx.join();
      const b = await ctx.join();
      await a.nodes.announce(node('node-a'));
      await b.nodes.announce(node('node-b'));
      await a.rooms.claimRoom('room-1', 'node-a');
      expect(await b.rooms.releaseRoom('room-1', 'node-b')).toBe(false);
      expect(await b.rooms.nodeForRoom('room-1')).toBe('node-a');
      expect(await a.rooms.releaseRoom('room-1', 'node-a')).toBe(true);
      expect(await a.rooms.releaseRoom('room-1', 'node-a')).toBe(false);
      expect(await b.rooms.nodeForRoom('room-1')).toBeUndefined();
      expect(await a.rooms.roomsOf('node-a')).toEqual([]);
      expect(await b.rooms.claimRoom('room-1', 'node-b')).toBe('node-b');
    });

    it('a crashed node loses its rooms when their leases run out', async () => {
      const a = await ctx.join({ leaseTtlMs: SHORT_TTL_MS });
      const b = await ctx.join();
      await a.nodes.announce(node('node-a'));
      await b.nodes.announce(node('node-b'));
      expect(await a.rooms.claimRoom('room-1', 'node-a')).toBe('node-a');
      expect(await a.rooms.claimRoom('room-2', 'node-a')).toBe('node-a');
      await a.close(); // crash: no release, no withdraw
      expect(await b.rooms.claimRoom('room-1', 'node-b')).toBe('node-a');
      await eventually(async () => expect(await b.rooms.claimRoom('room-1', 'node-b')).toBe('node-b'));
      await eventually(async () => expect(await b.rooms.nodeForRoom('room-2')).toBeUndefined());
      expect(await b.rooms.roomsOf('node-a')).toEqual([]);
      expect(await b.rooms.roomsOf('node-b')).toEqual(['room-1']);
    });

    it('a room whose owner is no longer announced is free, even with its lease alive', async () => {
      const a = await ctx.join({ nodeTtlMs: SHORT_TTL_MS, leaseTtlMs: 60_000 });
      const b = await ctx.join();
      await a.nodes.announce(node('node-a'));
      await b.nodes.announce(node('node-b'));
      await a.rooms.claimRoom('room-1', 'node-a');
      await eventually(async () => expect(await b.rooms.nodeForRoom('room-1')).toBeUndefined());
      expect(await b.rooms.claimRoom('room-1', 'node-b')).toBe('node-b');
    });

    it('renewRooms() keeps leases alive past their TTL', async () => {
      const a = await ctx.join({ leaseTtlMs: SHORT_TTL_MS });
      const b = await ctx.join();
      await a.nodes.announce(node('node-a'));
      await b.nodes.announce(node('node-b'));
      await a.rooms.claimRoom('room-1', 'node-a');
      const until = Date.now() + 2 * SHORT_TTL_MS;
      while (Date.now() < until) {
        expect(await a.rooms.renewRooms('node-a', ['room-1'])).toEqual([]);
        await new Promise((r) => setTimeout(r, SHORT_TTL_MS / 4));
      }
      expect(await b.rooms.claimRoom('room-1', 'node-b')).toBe('node-a');
    });

    it('renewRooms() re-takes free rooms and reports those another node owns', async () => {
      const a = await ctx.join();
      const b = await ctx.join();
      await a.nodes.announce(node('node-a'));
      await b.nodes.announce(node('node-b'));
      await a.rooms.claimRoom('kept', 'node-a');
      await b.rooms.claimRoom('taken', 'node-b');
      // "free": never claimed, as after a store that restarted empty.
      expect(await a.rooms.renewRooms('node-a', ['kept', 'taken', 'free'])).toEqual(['taken']);
      expect(await b.rooms.nodeForRoom('free')).toBe('node-a');
      expect(await b.rooms.roomsOf('node-a')).toEqual(['free', 'kept']);
      expect(await a.rooms.renewRooms('node-a', [])).toEqual([]);
    });

    it('roomsOf() lists only the rooms a node owns now', async () => {
      const a = await ctx.join();
      const b = await ctx.join();
      await a.nodes.announce(node('node-a'));
      await b.nodes.announce(node('node-b'));
      for (const roomId of ['r3', 'r1', 'r2']) await a.rooms.claimRoom(roomId, 'node-a');
      await b.rooms.claimRoom('r4', 'node-b');
      await a.rooms.releaseRoom('r2', 'node-a');
      expect(await b.rooms.roomsOf('node-a')).toEqual(['r1', 'r3']);
      expect(await a.rooms.roomsOf('node-b')).toEqual(['r4']);
      expect(await a.rooms.roomsOf('node-nobody')).toEqual([]);
    });

    it('rejects malformed room ids with a ValidationError', async () => {
      const a = await ctx.join();
      await a.nodes.announce(node('node-a'));
      for (const bad of ['', 'a b', 'room:1', 'x'.repeat(129)]) {
        await expect(a.rooms.claimRoom(bad, 'node-a')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      }
      await expect(a.rooms.renewRooms('node-a', ['ok', 'not ok'])).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      expect(await a.rooms.roomsOf('node-a')).toEqual([]);
    });
  });
}
