import { describe, expect, it } from 'vitest';
import { latencies, median, pairOnsets, risingEdges } from './avSync.js';

describe('A/V sync measurement helpers', () => {
  it('finds each rise above the high mark once, not a series that starts high, with hysteresis', () => {
    const v = [200, 200, 20, 20, 200, 150, 90, 200, 20, 130, 20];
    expect(risingEdges(v.map((x, i) => ({ t: i, v: x })), 128, 80)).toEqual([4, 9]);
  });

  it('pairs each flash with the nearest beep; a pair beyond the tolerance is reported unpaired, with its distance', () => {
    const flashes = [1.05, 3.06, 5.2, 9.04];
    const beeps = [1.0, 3.0, 7.0, 9.0];
    const { offsets, unpaired } = pairOnsets(flashes, beeps, 0.1);
    expect(offsets.map((o) => Math.round(o * 1000))).toEqual([50, 60, 40]);
    expect(unpaired.map((o) => Math.round(o * 1000))).toEqual([-1800]);
    // Picture early: negative offsets.
    expect(pairOnsets([0.95], [1.0], 0.1).offsets.map((o) => Math.round(o * 1000))).toEqual([-50]);
    expect(pairOnsets([1], [], 0.1)).toEqual({ offsets: [], unpaired: [] });
  });

  it('measures each onset from the page onset before it', () => {
    expect(latencies([1.53, 3.1, 10], [1.5, 3.0]).map((x) => Math.round(x * 1000))).toEqual([30, 100]);
  });

  it('takes the median (robust to an odd dropped frame)', () => {
    expect(median([0.04, 0.05, 0.9])).toBe(0.05);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
