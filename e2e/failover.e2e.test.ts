/**
 * Issue 10 for real: 3 nodes (one PostgreSQL, one Redis) behind nginx doing round-robin, a
 * Chromium teacher and two students joining through the balancer; the lesson's owner is
 * SIGKILLed mid-lesson; every page decodes video again by itself (no reload), and attendance
 * keeps every person's join, the gap (leave) and the return (join). The time it takes is printed
 * (issue 10's target: 10 s; measured by bench:failover on a quiet machine, docs/bench.md), not
 * asserted: a test asserts behaviour, never wall-clock speed on a shared CI machine (conventions §17).
 */
import { describe, expect, it } from 'vitest';
import { runFailover } from '../testkit/failoverScenario.js';

describe('failover behind a load balancer', () => {
  it('the owner is SIGKILLed mid-lesson: every page decodes video again by itself, nothing lost in attendance', async () => {
    // runFailover throws if a page does not decode video of the restarted lesson within 60 s.
    const result = await runFailover({ nodes: 3, students: 2, mediaBackTimeoutMs: 60_000, log: (line) => console.log(line) });
    console.log(`failover: ${JSON.stringify(result)} (target: mediaBackMaxMs <= 10000)`);
    expect(result.lostAttendanceEvents).toBe(0);
    expect(result.mediaBackMaxMs).toBeGreaterThan(0);
  }, 300_000);
});
