import { describe, expect, it } from 'vitest';
import { botsByPort, hopLatency, parseProcNetUdp } from './cascade.js';

/** A bot that saw frames `from`..`to` (RTP timestamps 3000 apart, 100 ms apart), `lateMs` after the reference. */
const bot = (lateMs: number, from = 0, to = 20): Array<[number, number]> =>
  Array.from({ length: to - from }, (_, i) => [(from + i) * 3000, 1_000_000 + (from + i) * 100 + lateMs]);

describe('bench:fanout --instances 2 helpers', () => {
  it('hop latency: piped minus direct arrival of the same frames, with the direct bots\' own spread', () => {
    const direct = [bot(0), bot(1), bot(0), bot(1)];
    const piped = [bot(3), bot(4), bot(3)];
    const h = hopLatency(direct, piped);
    expect(h.frames).toBe(20);
    // medians: direct 0.5, piped 3
    expect(h.p50Ms).toBe(2.5);
    expect(h.p95Ms).toBe(2.5);
    expect(h.directSpreadP50Ms).toBe(0);
  });

  it('hop latency counts only frames most bots of both groups saw, and nothing without both groups', () => {
    const h = hopLatency([bot(0, 0, 10), bot(0, 5, 20)], [bot(2, 0, 20)]);
    expect(h.frames).toBe(20); // each frame seen by 1 of 2 direct bots: ceil(2/2) = 1 is enough
    expect(hopLatency([bot(0, 0, 5), bot(0, 0, 5), bot(0, 15, 20)], [bot(2, 0, 20)]).frames).toBe(5);
    expect(hopLatency([bot(0)], []).frames).toBe(0);
    expect(hopLatency([], [bot(0)]).p50Ms).toBeNull();
  });

  it('counts bots per SFU port and reads socket ports from /proc/net/udp', () => {
    expect(botsByPort([61000, 61001, 61000])).toEqual({ '61000': 2, '61001': 1 });
    const text = [
      '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
      '  123: 0100007F:EE48 00000000:0000 07 00000000:00000000 00:00000000 00000000  1000        0 424242 2 0000000000000000 0',
    ].join('\n');
    expect(parseProcNetUdp(text)).toEqual(new Map([['424242', 0xee48]]));
  });
});
