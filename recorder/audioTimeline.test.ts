import { describe, expect, it } from 'vitest';
import { audioRuns, runsPtsExpression, type AudioPacket } from './audioTimeline.js';

/** Packets of 20 ms from sample time `from`, received at `at(i)` (seconds). */
function packets(count: number, at: (i: number) => number): AudioPacket[] {
  return Array.from({ length: count }, (_, i) => ({ pts: at(i), duration: 0.02 }));
}

describe('audioRuns (where a segment\'s samples go)', () => {
  it('one run on the least delayed packets, through jitter and a 300 ms stall with its burst', () => {
    // Received 30–45 ms after capture, except packets 100–114 held up and delivered together at 2.32 s.
    const list = packets(500, (i) => 100 + i * 0.02 + (i >= 100 && i < 115 ? 2.32 - i * 0.02 + (i - 100) * 0.001 : 0.03 + ((i * 7) % 16) / 1000));
    const runs = audioRuns(list);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.fromSec).toBe(0);
    expect(runs[0]!.atSec).toBeCloseTo(100.03, 6);
  });

  it('a pause of the stream (no samples for 3 s) starts a new run where its packets say', () => {
    const list = [...packets(100, (i) => 10 + i * 0.02 + 0.04), ...packets(100, (i) => 10 + 5 + i * 0.02 + 0.04)];
    const runs = audioRuns(list);
    expect(runs.map((r) => [Number(r.fromSec.toFixed(3)), Number(r.atSec.toFixed(3))])).toEqual([
      [0, 10.04],
      [2, 15.04],
    ]);
  });

  it('follows a sender whose sample clock runs slow, in steps of at most stepSec', () => {
    // 0.1 % slow: over 100 s the samples fall 100 ms behind the server's clock.
    const list = packets(5000, (i) => i * 0.02 * 1.001 + 0.03);
    const runs = audioRuns(list);
    expect(runs.length).toBeGreaterThanOrEqual(4);
    for (const r of runs) expect(Math.abs(r.atSec - (r.fromSec * 1.001 + 0.03))).toBeLessThan(0.021);
  });

  it('writes the runs as an asetpts expression on the decoded sample count, from the timeline\'s origin', () => {
    expect(runsPtsExpression([{ fromSec: 0, atSec: 100.5 }], 100)).toBe('(N/SR+0.5000)/TB');
    expect(runsPtsExpression([{ fromSec: 0, atSec: 100.5 }, { fromSec: 2, atSec: 105.5 }], 100)).toBe('(N/SR+if(lt(N,96000),0.5000,3.5000))/TB');
    expect(audioRuns([])).toEqual([]);
    expect(() => runsPtsExpression([], 0)).toThrow();
  });
});
