/**
 * What one measurement window says about the subscribers and the publisher, from two snapshots
 * taken at its start and end (pure functions: unit-tested).
 */
import type { StreamCounts } from '../lib/rtpAccounting.js';
import type { PublisherSendStats } from '../lib/sendStats.js';

export interface SubCounters {
  state: string;
  /** When ICE+DTLS first completed (ms after the bot started), -1 if never. */
  connectedMs: number;
  audio: StreamCounts;
  video: StreamCounts;
  decryptedOk: number;
  authFailures: number;
  keyframe: string;
}

export interface SubscriberWindow {
  /**
   * Bots whose peer connection completed ICE and DTLS and that received media during the window.
   * (werift's connectionState alone under-counts: under load its consent checks flap to
   * "disconnected" while media keeps flowing; see pcStates.)
   */
  connected: number;
  /** Bots that received at least one packet in the window. */
  receiving: number;
  /** connectionState of the bots at the end of the window. */
  pcStates: Record<string, number>;
  lossPct: number;
  deliveredPps: number;
  deliveredMbps: number;
  duplicatesPps: number;
  /** Bots whose own loss was over 0.1 %, and the worst one. */
  subsWithLoss: number;
  maxSubLossPct: number;
  decrypted: number;
  authFailures: number;
  /** Most common keyframe size seen by the bots, and how many saw one. */
  layer: string;
  keyframeSubs: number;
}

const r2 = (x: number) => Math.round(x * 100) / 100;

/** `before` and `after` are the bots in the same order (bots are only ever appended). */
export function subscriberWindow(before: readonly SubCounters[], after: readonly SubCounters[], seconds: number): SubscriberWindow {
  let expected = 0;
  let unique = 0;
  let bytes = 0;
  let dups = 0;
  let receiving = 0;
  let connected = 0;
  let withLoss = 0;
  let maxLoss = 0;
  let decrypted = 0;
  let authFailures = 0;
  const layers = new Map<string, number>();
  after.forEach((b, i) => {
    if (b.keyframe) layers.set(b.keyframe, (layers.get(b.keyframe) ?? 0) + 1);
    const a = before[i];
    if (!a) return; // joined during the window: not measured
    const e = b.audio.expected - a.audio.expected + (b.video.expected - a.video.expected);
    const u = b.audio.unique - a.audio.unique + (b.video.unique - a.video.unique);
    expected += e;
    unique += u;
    bytes += b.audio.bytes - a.audio.bytes + (b.video.bytes - a.video.bytes);
    dups += b.audio.duplicates - a.audio.duplicates + (b.video.duplicates - a.video.duplicates);
    decrypted += b.decryptedOk - a.decryptedOk;
    authFailures += b.authFailures - a.authFailures;
    if (u > 0) receiving++;
    if (u > 0 && b.connectedMs >= 0) connected++;
    const loss = e > 0 ? Math.max(0, e - u) / e : 0;
    if (loss > 0.001) withLoss++;
    maxLoss = Math.max(maxLoss, loss);
  });
  let layer = '';
  let keyframeSubs = 0;
  for (const [k, v] of layers) {
    keyframeSubs += v;
    if (!layer || v > (layers.get(layer) ?? 0)) layer = k;
  }
  const pcStates: Record<string, number> = {};
  for (const b of after) pcStates[b.state] = (pcStates[b.state] ?? 0) + 1;
  return {
    connected,
    receiving,
    pcStates,
    lossPct: expected > 0 ? Math.round((10000 * Math.max(0, expected - unique)) / expected) / 100 : 0,
    deliveredPps: Math.round(unique / seconds),
    deliveredMbps: r2((8 * bytes) / seconds / 1e6),
    duplicatesPps: Math.round(dups / seconds),
    subsWithLoss: withLoss,
    maxSubLossPct: r2(100 * maxLoss),
    decrypted,
    authFailures,
    layer,
    keyframeSubs,
  };
}

export interface PublisherWindow {
  videoKbps: number;
  videoPps: number;
  audioPps: number;
  fps: number;
  layers: string;
  qualityLimitation: string;
  plis: number;
}

export function publisherWindow(a: PublisherSendStats, b: PublisherSendStats): PublisherWindow {
  const s = (b.atMs - a.atMs) / 1000;
  const encodings = Math.max(1, b.layers.length);
  return {
    videoKbps: Math.round((8 * (b.videoBytes - a.videoBytes)) / s / 1000),
    videoPps: Math.round((b.videoPackets - a.videoPackets) / s),
    audioPps: Math.round((b.audioPackets - a.audioPackets) / s),
    fps: Math.round((10 * (b.framesEncoded - a.framesEncoded)) / s / encodings) / 10,
    layers: b.layers.join(' '),
    qualityLimitation: [...new Set(b.qualityLimitation)].join(','),
    plis: b.plis - a.plis,
  };
}
