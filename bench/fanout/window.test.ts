import { describe, expect, it } from 'vitest';
import type { StreamCounts } from '../lib/rtpAccounting.js';
import { publisherWindow, subscriberWindow, type SubCounters } from './window.js';

const counts = (unique: number, expected: number, bytes = unique * 1000, duplicates = 0): StreamCounts => ({ packets: unique + duplicates, unique, expected, duplicates, late: 0, tooOld: 0, bytes, ssrcs: 1 });
const sub = (audio: [number, number], video: [number, number], extra: Partial<SubCounters> = {}): SubCounters => ({
  state: 'connected',
  connectedMs: 100,
  audio: counts(...audio),
  video: counts(...video),
  decryptedOk: 0,
  authFailures: 0,
  keyframe: '',
  ...extra,
});

describe('subscriberWindow', () => {
  it('sums the window of every bot: delivered packets, loss, per-bot loss', () => {
    const before = [sub([100, 100], [300, 300]), sub([100, 100], [300, 300])];
    const after = [
      sub([600, 600], [1500, 1500], { keyframe: '1280x720', decryptedOk: 170 }),
      sub([600, 600], [1490, 1500], { keyframe: '1280x720', decryptedOk: 169, authFailures: 1 }),
    ];
    const w = subscriberWindow(before, after, 10);
    expect(w).toMatchObject({ connected: 2, receiving: 2, deliveredPps: Math.round((500 + 1200 + 500 + 1190) / 10), subsWithLoss: 1, layer: '1280x720', keyframeSubs: 2, decrypted: 339, authFailures: 1 });
    expect(w.lossPct).toBeCloseTo((100 * 10) / 3400, 2);
    expect(w.maxSubLossPct).toBeCloseTo((100 * 10) / 1700, 2);
  });

  it('does not count a bot that joined during the window, nor one that received nothing as connected', () => {
    const before = [sub([100, 100], [300, 300]), sub([0, 0], [0, 0], { connectedMs: -1, state: 'connecting' })];
    const after = [sub([100, 100], [300, 300], { state: 'disconnected' }), sub([0, 0], [0, 0], { connectedMs: -1, state: 'connecting' }), sub([50, 50], [50, 50])];
    const w = subscriberWindow(before, after, 10);
    expect(w.connected).toBe(0);
    expect(w.receiving).toBe(0);
    expect(w.pcStates).toEqual({ disconnected: 1, connecting: 1, connected: 1 });
    expect(w.lossPct).toBe(0);
  });

  it('counts duplicates apart', () => {
    const w = subscriberWindow([sub([0, 0], [0, 0])], [sub([10, 10], [10, 10], { video: counts(10, 10, 10_000, 5) })], 1);
    expect(w.duplicatesPps).toBe(5);
    expect(w.deliveredPps).toBe(20);
  });
});

describe('publisherWindow', () => {
  it('gives send rates over the window', () => {
    const a = { atMs: 0, videoPackets: 0, videoBytes: 0, audioPackets: 0, framesEncoded: 0, layers: [], qualityLimitation: [], nacks: 0, plis: 1 };
    const b = { atMs: 10_000, videoPackets: 1200, videoBytes: 1_250_000, audioPackets: 500, framesEncoded: 300, layers: ['single:1280x720'], qualityLimitation: ['none'], nacks: 0, plis: 3 };
    expect(publisherWindow(a, b)).toEqual({ videoKbps: 1000, videoPps: 120, audioPps: 50, fps: 30, layers: 'single:1280x720', qualityLimitation: 'none', plis: 2 });
  });
});
