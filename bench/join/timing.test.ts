import { describe, expect, it } from 'vitest';
import { breakdown, percentileMs, type JoinTiming } from './timing.js';

const join = (i: number, total: number | null, marks: Record<string, number>): JoinTiming => ({ index: i, totalMs: total, navStartMs: 20, marks, nav: { responseEnd: 10, domContentLoaded: 60 }, video: '' });

describe('join timing', () => {
  it('gives percentiles of the successful joins', () => {
    expect(percentileMs([300, 100, 200], 50)).toBe(200);
    expect(percentileMs([], 50)).toBeNull();
  });

  it('measures each step from the previous step that was recorded', () => {
    const rows = breakdown([
      join(1, 520, { joinClicked: 100, wsOpen: 110, joinResponse: 130, subscriberOffer: 150, subPc_connected: 300, firstFrameDecoded: 500 }),
      join(2, null, { joinClicked: 900 }), // failed: not counted
    ]);
    const by = Object.fromEntries(rows.map((r) => [r.step, r]));
    expect(by['link opened -> navigation start']).toMatchObject({ stepMs: 20, n: 1 });
    expect(by['join button clicked']).toMatchObject({ atMs: 100, stepMs: 90, n: 1 }); // after the HTML (10)
    expect(by['DTLS connected (connectionState)']).toMatchObject({ atMs: 300, stepMs: 150 }); // after the offer: applied and ICE not recorded
    expect(by['ICE connected']).toMatchObject({ atMs: null, n: 0 });
    expect(by['first frame decoded (seen by polling)']).toMatchObject({ atMs: 500, stepMs: 200 });
  });
});
