import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { types } from 'mediasoup-client';
import { fakeConsumer, fakeDevice, fakeRouterCapabilities, fakeTransport, FakeTransportSignal } from '../testing/FakeTransportSignal.js';
import { routerCapabilities, transportOptions } from './ortc.js';
import { Receiver } from './Receiver.js';

/**
 * A Receiver on a fake receive transport whose renegotiations (the handler's receive()) are
 * recorded and can be held, as a busy page holds them for a second each.
 */
async function setup() {
  const { device, handlers } = fakeDevice();
  await device.load({ routerRtpCapabilities: routerCapabilities(fakeRouterCapabilities()) });
  const transport = device.createRecvTransport(transportOptions(fakeTransport('recv-1'), []));
  transport.on('connect', (_params, callback) => callback());
  const handler = handlers.find((h) => h.direction === 'recv')?.handler;
  if (!handler) throw new Error('no receive handler');
  const renegotiations: string[][] = [];
  let held: Promise<void> | null = null;
  const receive = handler.receive.bind(handler);
  vi.spyOn(handler, 'receive').mockImplementation(async (options: types.HandlerReceiveOptions[]) => {
    renegotiations.push(options.map((o) => o.trackId));
    if (held) await held;
    return receive(options);
  });
  const hold = (): (() => void) => {
    let release: () => void = () => undefined;
    held = new Promise<void>((resolve) => (release = resolve));
    return () => {
      held = null;
      release();
    };
  };
  const signal = new FakeTransportSignal();
  const receiver = new Receiver(transport, signal);
  return { receiver, signal, renegotiations, hold, transport };
}

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

describe('Receiver', () => {
  it('changes announced while a renegotiation runs are consumed together in the next one, not one renegotiation each', async () => {
    const { receiver, signal, renegotiations, hold, transport } = await setup();
    const release = hold();
    const first = receiver.apply({ transportId: 'recv-1', added: [fakeConsumer('c1', 'teacher', 'microphone')], removed: [] });
    await vi.waitFor(() => expect(renegotiations).toHaveLength(1));
    // Two classmates publish while the page is still on the teacher's renegotiation.
    const second = receiver.apply({ transportId: 'recv-1', added: [fakeConsumer('c2', 'an', 'microphone')], removed: [] });
    const third = receiver.apply({ transportId: 'recv-1', added: [fakeConsumer('c3', 'binh', 'microphone')], removed: [] });
    release();
    await Promise.all([first, second, third]);
    expect(renegotiations).toEqual([['c1'], ['c2', 'c3']]);
    expect(signal.resumed).toEqual(['c1', 'c2', 'c3']);
    expect(receiver.remoteTracks.map((t) => t.participantId)).toEqual(['teacher', 'an', 'binh']);
    receiver.close();
    transport.close();
  });

  it('a consumer removed while it is being created is closed once it exists: never resumed nor reported', async () => {
    const { receiver, signal, hold, transport } = await setup();
    const tracks: string[][] = [];
    receiver.on('tracks', (list) => tracks.push(list.map((t) => t.participantId)));
    const release = hold();
    const added = receiver.apply({ transportId: 'recv-1', added: [fakeConsumer('c1', 'teacher', 'microphone'), fakeConsumer('c2', 'an', 'microphone')], removed: [] });
    const removal = receiver.apply({ transportId: 'recv-1', added: [], removed: ['c1'] });
    release();
    await Promise.all([added, removal]);
    expect(signal.resumed).toEqual(['c2']);
    expect(receiver.remoteTracks.map((t) => t.participantId)).toEqual(['an']);
    expect(tracks.flat()).not.toContain('teacher');
    // Removing it again, or removing one that exists, still works.
    await receiver.apply({ transportId: 'recv-1', added: [], removed: ['c1', 'c2'] });
    expect(receiver.remoteTracks).toEqual([]);
    receiver.close();
    transport.close();
  });

  it('marks on the page timeline when media first reaches a received track (bench:failover), once per track', async () => {
    const { receiver, transport } = await setup();
    await receiver.apply({ transportId: 'recv-1', added: [fakeConsumer('c1', 'teacher', 'camera'), fakeConsumer('c2', 'teacher', 'microphone')], removed: [] });
    const marks = (name: string) => performance.getEntriesByName(`lophoc:${name}`, 'mark').length;
    const [camera, microphone] = receiver.remoteTracks.map((t) => t.track);
    expect(marks('unmuted:video')).toBe(0);
    camera?.dispatchEvent(new Event('unmute'));
    camera?.dispatchEvent(new Event('unmute')); // muted again after a gap, then back: not a first arrival
    expect(marks('unmuted:video')).toBe(1);
    expect(marks('unmuted:audio')).toBe(0);
    microphone?.dispatchEvent(new Event('unmute'));
    expect(marks('unmuted:audio')).toBe(1);
    performance.clearMarks();
    receiver.close();
    transport.close();
  });

  it('a consumer announced twice (again before the first consume settled) is consumed once', async () => {
    const { receiver, signal, renegotiations, hold, transport } = await setup();
    const release = hold();
    const change = { transportId: 'recv-1', added: [fakeConsumer('c1', 'teacher', 'microphone')], removed: [] };
    const first = receiver.apply(change);
    const again = receiver.apply(change);
    release();
    await Promise.all([first, again]);
    expect(renegotiations.flat()).toEqual(['c1']);
    expect(signal.resumed).toEqual(['c1']);
    receiver.close();
    transport.close();
  });
});
