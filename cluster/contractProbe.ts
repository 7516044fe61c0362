/** NodeProbe over each implementation's bus (see contract.ts): liveness asked between nodes, signed. */
import { describe, expect, it } from 'vitest';
import { signToken } from '../platform/index.js';
import { type ContractContext, eventually, text } from './contractHelpers.js';
import { NodeProbe, probeChannel } from './NodeProbe.js';

const SECRET = 'probe-contract-secret-0123456789abcdef';

export function describeProbeContract(ctx: ContractContext): void {
  describe('NodeProbe', () => {
    it('a live node answers a probe from another; a node that stopped does not, at once', async () => {
      const a = new NodeProbe({ bus: (await ctx.join()).bus, nodeId: 'node-a', secret: SECRET });
      const b = new NodeProbe({ bus: (await ctx.join()).bus, nodeId: 'node-b', secret: SECRET });
      await a.start();
      await b.start();
      expect(await a.probe('node-b')).toBe(true);
      expect(await b.probe('node-a')).toBe(true);
      await b.close();
      const started = Date.now();
      // Nobody listens on node-b's channel any more: the bus says so without waiting for the timeout.
      expect(await a.probe('node-b', 5_000)).toBe(false);
      expect(Date.now() - started).toBeLessThan(2_000);
      await a.close();
    });

    it('a node that listens but never answers (wrong secret: its pongs are forged) times out as dead', async () => {
      const a = new NodeProbe({ bus: (await ctx.join()).bus, nodeId: 'node-a', secret: SECRET });
      const impostor = new NodeProbe({ bus: (await ctx.join()).bus, nodeId: 'node-b', secret: 'another-secret-of-more-than-32-characters' });
      await a.start();
      await impostor.start();
      expect(await a.probe('node-b', 300)).toBe(false);
      // node-b dropped a's ping (signed with a secret it does not share), and a dropped nothing.
      await eventually(() => expect(impostor.rejected).toBeGreaterThan(0));
      await a.close();
      await impostor.close();
    });

    it('forged, expired, malformed and oversized messages are dropped; a pong from a node not asked does not count', async () => {
      const handle = await ctx.join();
      const a = new NodeProbe({ bus: handle.bus, nodeId: 'node-a', secret: SECRET });
      await a.start();
      const pending = a.probe('node-c', 400);
      const bus = handle.bus;
      await bus.publish(probeChannel('node-a'), text('not a token'));
      await bus.publish(probeChannel('node-a'), text(signToken({ purpose: 'cluster-pong', exp: Date.now() - 1, from: 'node-c', nonce: 'x' }, SECRET)));
      await bus.publish(probeChannel('node-a'), text(signToken({ purpose: 'cluster-pong', exp: Date.now() + 5000, from: 42, nonce: 'x' } as never, SECRET)));
      await bus.publish(probeChannel('node-a'), new Uint8Array(4096));
      await bus.publish(probeChannel('node-a'), text(signToken({ purpose: 'cluster-pong', exp: Date.now() + 5000, from: 'node-z', nonce: 'guess' }, SECRET)));
      expect(await pending).toBe(false);
      await eventually(() => expect(a.rejected).toBe(4));
      await a.close();
    });

    it('close() resolves pending probes false and is safe twice', async () => {
      const a = new NodeProbe({ bus: (await ctx.join()).bus, nodeId: 'node-a', secret: SECRET });
      const silent = await ctx.join();
      await silent.bus.subscribe(probeChannel('node-q'), () => undefined);
      await a.start();
      const pending = a.probe('node-q', 10_000);
      await a.close();
      await a.close();
      expect(await pending).toBe(false);
      expect(await a.probe('node-q')).toBe(false);
    });
  });
}
