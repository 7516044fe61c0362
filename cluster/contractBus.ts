/** The MessageBus part of the contract (see contract.ts). */
import { describe, expect, it } from 'vitest';
import { capturingLogger, collector, eventually, text, type ContractContext } from './contractHelpers.js';

export function describeBusContract(ctx: ContractContext): void {
  describe('MessageBus', () => {
    it('a message reaches every subscriber on every node, the publisher\'s included, in order', async () => {
      const a = await ctx.join();
      const b = await ctx.join();
      const a1 = collector();
      const a2 = collector();
      const b1 = collector();
      await a.bus.subscribe('room.r1', a1.handler);
      await a.bus.subscribe('room.r1', a2.handler);
      await b.bus.subscribe('room.r1', b1.handler);
      expect(await b.bus.publish('room.r1', text('kick u1'))).toBe(2); // two nodes
      await b.bus.publish('room.r1', text('kick u2'));
      const expected = ['room.r1:kick u1', 'room.r1:kick u2'];
      await eventually(() => {
        expect(a1.received).toEqual(expected);
        expect(a2.received).toEqual(expected);
        expect(b1.received).toEqual(expected);
      });
    });

    it('payloads arrive byte for byte, empty ones included, as Uint8Array', async () => {
      const a = await ctx.join();
      const b = await ctx.join();
      const got = collector();
      await b.bus.subscribe('bin', got.handler);
      const all = Uint8Array.from({ length: 256 }, (_, i) => i);
      await a.bus.publish('bin', all);
      await a.bus.publish('bin', new Uint8Array(0));
      await a.bus.publish('bin', all.subarray(10, 20)); // a view into a bigger buffer
      await a.bus.publish('bin', Buffer.from('a node Buffer'));
      await eventually(() => expect(got.payloads).toHaveLength(4));
      expect(got.payloads[0]).toEqual(all);
      expect(got.payloads[1]).toEqual(new Uint8Array(0));
      expect(got.payloads[2]).toEqual(all.slice(10, 20));
      expect(got.received[3]).toBe('bin:a node Buffer');
      for (const p of got.payloads) expect(Object.getPrototypeOf(p)).toBe(Uint8Array.prototype);
    });

    it('channels are separate', async () => {
      const a = await ctx.join();
      const b = await ctx.join();
      const one = collector();
      const two = collector();
      await b.bus.subscribe('one', one.handler);
      await b.bus.subscribe('two', two.handler);
      await a.bus.publish('one', text('1'));
      await a.bus.publish('two', text('2'));
      await eventually(() => expect(two.received).toEqual(['two:2']));
      expect(one.received).toEqual(['one:1']);
      expect(await a.bus.publish('three', text('3'))).toBe(0);
    });

    it('unsubscribe stops delivery to that handler only, and is safe twice', async () => {
      const a = await ctx.join();
      const b = await ctx.join();
      const gone = collector();
      const stays = collector();
      const marker = collector();
      const unsubscribe = await b.bus.subscribe('ch', gone.handler);
      await b.bus.subscribe('ch', stays.handler);
      await b.bus.subscribe('marker', marker.handler);
      await unsubscribe();
      await unsubscribe();
      await a.bus.publish('ch', text('x'));
      // Messages from one publisher arrive in order: once the marker is in, so is 'x'.
      await a.bus.publish('marker', text('m'));
      await eventually(() => expect(marker.received).toEqual(['marker:m']));
      expect(stays.received).toEqual(['ch:x']);
      expect(gone.received).toEqual([]);
    });

    it('once the last handler of a channel is gone, the node no longer counts as a receiver', async () => {
      const a = await ctx.join();
      const b = await ctx.join();
      const first = await b.bus.subscribe('ch', () => undefined);
      const second = await b.bus.subscribe('ch', () => undefined);
      await first();
      expect(await a.bus.publish('ch', text('x'))).toBe(1);
      await second();
      expect(await a.bus.publish('ch', text('y'))).toBe(0);
      // and a new subscription brings it back
      const again = collector();
      await b.bus.subscribe('ch', again.handler);
      expect(await a.bus.publish('ch', text('z'))).toBe(1);
      await eventually(() => expect(again.received).toEqual(['ch:z']));
    });

    it('a handler that throws or rejects is logged and the others still receive', async () => {
      const { logger, lines } = capturingLogger();
      const a = await ctx.join();
      const b = await ctx.join({}, { logger });
      const before = collector();
      const after = collector();
      const elsewhere = collector();
      await b.bus.subscribe('ch', before.handler);
      await b.bus.subscribe('ch', () => {
        throw new Error('handler bug');
      });
      await b.bus.subscribe('ch', async () => {
        throw new Error('async handler bug');
      });
      await b.bus.subscribe('ch', after.handler);
      await a.bus.subscribe('ch', elsewhere.handler);
      await a.bus.publish('ch', text('1'));
      await a.bus.publish('ch', text('2'));
      await eventually(() => {
        expect(before.received).toEqual(['ch:1', 'ch:2']);
        expect(after.received).toEqual(['ch:1', 'ch:2']);
        expect(elsewhere.received).toEqual(['ch:1', 'ch:2']);
        expect(lines.filter((l) => l.channel === 'ch')).toHaveLength(4);
      });
      const messages = lines.map((l) => (l.err as { message?: string } | undefined)?.message);
      expect(messages).toContain('handler bug');
      expect(messages).toContain('async handler bug');
    });

    it('refuses oversized payloads and malformed channel names', async () => {
      const a = await ctx.join({ maxPayloadBytes: 16 });
      await expect(a.bus.publish('ch', new Uint8Array(17))).rejects.toMatchObject({ code: 'TOO_LARGE' });
      expect(await a.bus.publish('ch', new Uint8Array(16))).toBe(0);
      await expect(a.bus.publish('bad channel', text('x'))).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(a.bus.subscribe('', () => undefined)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });
  });
}
