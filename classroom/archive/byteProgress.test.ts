import { describe, expect, it } from 'vitest';
import { ByteProgress } from './byteProgress.js';

describe('ByteProgress', () => {
  it('measures a bundle by its bytes: the recordings known ahead, the CSVs as they come, time left at the rate so far', () => {
    const csv = {};
    const mp4 = { bytes: 9_000_000 };
    const p = new ByteProgress([csv, mp4, csv], 10_000);
    expect(p.snapshot(10_000)).toEqual({ progress: 0, doneBytes: 0, totalBytes: 9_000_000, etaMs: null });
    p.add(1_000, csv);
    p.add(3_000_000, mp4);
    // 3,001,000 of 9,001,000 bytes in 2 s: 6,000,000 left at 1,500,500 bytes/s.
    const s = p.snapshot(12_000);
    expect(s.doneBytes).toBe(3_001_000);
    expect(s.totalBytes).toBe(9_001_000);
    expect(s.progress).toBeCloseTo(3_001_000 / 9_001_000, 6);
    expect(s.etaMs).toBe(Math.round((6_000_000 * 2000) / 3_001_000));
    p.add(6_000_000, mp4);
    p.add(500, csv);
    // Everything went through: 0.99 until the zip is stored, nothing left.
    expect(p.snapshot(14_000)).toEqual({ progress: 0.99, doneBytes: 9_001_500, totalBytes: 9_001_500, etaMs: 0 });
  });

  it('says nothing about time left before a second of work, and copes with a size that was wrong', () => {
    const p = new ByteProgress([{ bytes: 100 }], 0);
    p.add(50, { bytes: 100 });
    expect(p.snapshot(500).etaMs).toBeNull();
    p.add(150, { bytes: 100 });
    expect(p.snapshot(2000)).toMatchObject({ doneBytes: 200, totalBytes: 200, progress: 0.99, etaMs: 0 });
  });
});
