import { describe, expect, it } from 'vitest';
import { stepVerdict } from './measure.js';

const row = (over: { connected?: number; lossPct?: number; videoKbps?: number } = {}) => ({
  subscribers: 300,
  connected: over.connected ?? 300,
  lossPct: over.lossPct ?? 0,
  publisher: { videoKbps: over.videoKbps ?? 1000 },
});

describe('bench:fanout: which step counts, and when the ramp stops', () => {
  it('counts a step with every bot connected, loss under 1 % and the camera at its bitrate', () => {
    expect(stepVerdict(row(), 1_000_000, 10)).toEqual({ holds: true });
    expect(stepVerdict(row({ lossPct: 0.9, videoKbps: 820 }), 1_000_000, 10)).toEqual({ holds: true });
  });

  it('does not count a step whose publisher sent less than 80 % of its bitrate, even at 0 % loss', () => {
    expect(stepVerdict(row({ videoKbps: 502 }), 1_000_000, 10)).toEqual({ holds: false });
  });

  it('stops the ramp when the publisher falls under half its bitrate, and says why', () => {
    const verdict = stepVerdict(row({ videoKbps: 350 }), 1_000_000, 10);
    expect(verdict.holds).toBe(false);
    expect(verdict.stop).toBe('the publisher at 35% of its bitrate');
  });

  it('stops on loss at --stop-loss and on fewer than 90 % connected, as before', () => {
    expect(stepVerdict(row({ lossPct: 1.5 }), 1_000_000, 10)).toEqual({ holds: false });
    expect(stepVerdict(row({ lossPct: 12 }), 1_000_000, 10).stop).toBe('loss 12%');
    expect(stepVerdict(row({ connected: 260 }), 1_000_000, 10).stop).toBe('260 of 300 connected');
    expect(stepVerdict(row({ connected: 280 }), 1_000_000, 10)).toEqual({ holds: false });
  });
});
