import { describe, expect, it } from 'vitest';
import { summarizeSendStats } from './sendStats.js';

describe('summarizeSendStats', () => {
  it('sums the outbound video encodings and the audio, and ignores every other entry', () => {
    const s = summarizeSendStats(
      [
        { type: 'outbound-rtp', kind: 'video', rid: 'h', packetsSent: 100, bytesSent: 90_000, headerBytesSent: 1_200, framesEncoded: 30, nackCount: 2, pliCount: 1, frameWidth: 1280, frameHeight: 720, qualityLimitationReason: 'bandwidth' },
        { type: 'outbound-rtp', kind: 'video', rid: 'l', packetsSent: 20, bytesSent: 9_000, headerBytesSent: 240, framesEncoded: 30, frameWidth: 320, frameHeight: 180 },
        { type: 'outbound-rtp', kind: 'audio', packetsSent: 50 },
        { type: 'inbound-rtp', kind: 'video', packetsReceived: 999 },
      ],
      42,
    );
    expect(s).toEqual({
      atMs: 42,
      videoPackets: 120,
      videoBytes: 100_440,
      audioPackets: 50,
      framesEncoded: 60,
      layers: ['h:1280x720', 'l:320x180'],
      qualityLimitation: ['bandwidth'],
      nacks: 2,
      plis: 1,
    });
  });
});
