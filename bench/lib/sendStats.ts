/** A publisher's outbound RTP counters, from WebRTC stats entries (wrtc in Node or Chromium). */

export interface PublisherSendStats {
  atMs: number;
  videoPackets: number;
  videoBytes: number;
  audioPackets: number;
  framesEncoded: number;
  /** Per encoding "rid:WxH" (or "single:WxH"). */
  layers: string[];
  qualityLimitation: string[];
  nacks: number;
  plis: number;
}

/** Sums the outbound-rtp entries of one getStats() report. */
export function summarizeSendStats(entries: Iterable<Record<string, unknown>>, atMs: number): PublisherSendStats {
  const out: PublisherSendStats = { atMs, videoPackets: 0, videoBytes: 0, audioPackets: 0, framesEncoded: 0, layers: [], qualityLimitation: [], nacks: 0, plis: 0 };
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  for (const s of entries) {
    if (s.type !== 'outbound-rtp') continue;
    if (s.kind === 'audio') out.audioPackets += num(s.packetsSent);
    if (s.kind !== 'video') continue;
    out.videoPackets += num(s.packetsSent);
    out.videoBytes += num(s.bytesSent) + num(s.headerBytesSent);
    out.framesEncoded += num(s.framesEncoded);
    out.nacks += num(s.nackCount);
    out.plis += num(s.pliCount);
    out.layers.push(`${typeof s.rid === 'string' ? s.rid : 'single'}:${num(s.frameWidth)}x${num(s.frameHeight)}`);
    if (typeof s.qualityLimitationReason === 'string') out.qualityLimitation.push(s.qualityLimitationReason);
  }
  return out;
}
