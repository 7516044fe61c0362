import { describe, expect, it } from 'vitest';
import { UnavailableError, silentLogger } from '../platform/index.js';
import { RoomPlacement, type RelocatableRoom } from './RoomPlacement.js';

interface Host {
  id: string;
  up: boolean;
}

class FakeRoom implements RelocatableRoom<Host> {
  readonly id: string;
  closed = false;
  instanceId: string | undefined;
  readonly events: string[] = [];
  /** Placements that fail before one succeeds. */
  failures = 0;

  constructor(id: string) {
    this.id = id;
  }

  async place(host: Host, resetReason?: string): Promise<void> {
    this.instanceId = host.id;
    if (this.failures-- > 0) throw new UnavailableError('not yet');
    this.events.push(resetReason === undefined ? `placed on ${host.id}` : `reset on ${host.id}: ${resetReason}`);
  }

  lost(): void {
    this.events.push('lost');
  }
}

function placement(hosts: Host[]) {
  return new RoomPlacement<Host, FakeRoom>({
    log: silentLogger(),
    pick: () => {
      const host = hosts.find((h) => h.up);
      return host ? { id: host.id, host } : undefined;
    },
  });
}

describe('room placement and relocation', () => {
  it('places a room on an up instance, waiting for one to come up', async () => {
    const hosts = [{ id: 'a', up: false }];
    const p = placement(hosts);
    const room = new FakeRoom('r');
    const placed = p.placeWithin(room, 5_000);
    await new Promise((r) => setTimeout(r, 20));
    hosts[0]!.up = true;
    p.instanceUp();
    await placed;
    expect(room.events).toEqual(['placed on a']);
  });

  it('gives up with an UnavailableError after the wait, or when closed', async () => {
    const p = placement([{ id: 'a', up: false }]);
    await expect(p.placeWithin(new FakeRoom('r'), 50)).rejects.toBeInstanceOf(UnavailableError);
    const waiting = p.placeWithin(new FakeRoom('s'), 5_000);
    p.close();
    await expect(waiting).rejects.toBeInstanceOf(UnavailableError);
  });

  it("re-creates a dead instance's rooms elsewhere, retrying failed placements, and leaves the others", async () => {
    const hosts = [
      { id: 'a', up: false },
      { id: 'b', up: true },
    ];
    const p = placement(hosts);
    const onA = new FakeRoom('one');
    onA.instanceId = 'a';
    onA.failures = 2;
    const onB = new FakeRoom('two');
    onB.instanceId = 'b';
    p.instanceDown('a', 'killed by SIGKILL', [onA, onB]);
    await new Promise((r) => setTimeout(r, 400));
    expect(onA.events).toEqual(['lost', 'reset on b: media server a stopped (killed by SIGKILL)']);
    expect(onB.events).toEqual([]);
  });
});
