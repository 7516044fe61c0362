import { describe, expect, it } from 'vitest';
import { RateLimitedError, TooLargeError } from '../../platform/index.js';
import { countMLines, NegotiationLimits } from './negotiationLimits.js';

const offer = (sections: number) => ['v=0', 'o=- 1 1 IN IP4 0.0.0.0', 's=-', 't=0 0', ...Array.from({ length: sections }, (_, i) => `m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:${i}`)].join('\r\n');

describe('media negotiation limits (issue 13.6)', () => {
  it('counts media sections, wherever the lines start', () => {
    expect(countMLines('')).toBe(0);
    expect(countMLines('m=audio 9 x')).toBe(1);
    expect(countMLines(offer(3))).toBe(3);
    expect(countMLines('v=0\nm=audio 9 x\nm=video 9 x\na=x:m=video')).toBe(2);
  });

  it("an offer over the section limit is refused before it counts; the answers to the server's offers are neither bounded nor counted", () => {
    const limits = new NegotiationLimits({ maxMLines: 16, burst: 2, perMinute: 60 });
    expect(() => limits.check({ type: 'publish', sdp: offer(402) }, 'u1', 'l1', 0)).toThrow(TooLargeError);
    expect(() => limits.check({ type: 'publish', sdp: offer(16) }, 'u1', 'l1', 0)).not.toThrow();
    for (let i = 0; i < 50; i++) limits.check({ type: 'subscriberAnswer', sdp: offer(90) }, 'u1', 'l1', 0);
    limits.check({ type: 'restartMedia' }, 'u1', 'l1', 0);
    expect(() => limits.check({ type: 'publish', sdp: offer(3) }, 'u1', 'l1', 0)).toThrow(RateLimitedError);
  });

  it('a burst, then the rate, per user and lesson; other requests are not counted', () => {
    const limits = new NegotiationLimits({ maxMLines: 16, burst: 3, perMinute: 60 });
    for (let i = 0; i < 3; i++) limits.check({ type: 'restartMedia' }, 'u1', 'l1', 0);
    expect(() => limits.check({ type: 'restartMedia' }, 'u1', 'l1', 0)).toThrow(/try again in 1 s/);
    for (let i = 0; i < 100; i++) limits.check({ type: 'sendChat' }, 'u1', 'l1', 0);
    limits.check({ type: 'restartMedia' }, 'u2', 'l1', 0);
    limits.check({ type: 'restartMedia' }, 'u1', 'l2', 0);
    expect(() => limits.check({ type: 'restartMedia' }, 'u1', 'l1', 999)).toThrow(RateLimitedError);
    limits.check({ type: 'restartMedia' }, 'u1', 'l1', 1000);
  });
});
