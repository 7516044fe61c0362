import type { SubscribedTrack, VideoLayer } from '../net/index.js';
import type { InboundMediaStats, NetworkSample } from './MediaTypes.js';

/**
 * Reading getStats(). The functions take plain records so that tests can feed them fixed
 * numbers; `RTCStatsReport.values()` fits as it is.
 */
export type StatsRecord = { type: string; id: string; [field: string]: unknown };

function n(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function maybe(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function statsRecords(report: RTCStatsReport): StatsRecord[] {
  const out: StatsRecord[] = [];
  report.forEach((value: unknown) => {
    if (value && typeof value === 'object' && 'type' in value && 'id' in value) out.push(value as StatsRecord);
  });
  return out;
}

/**
 * When a video stream's first frame was decoded, ms since the epoch. WebRTC adds the gap between
 * each frame and the one before it to `totalInterFrameDelay` (as each is decoded, or rendered:
 * the spec says rendered, which comes after the decode), so the first frame counted came that
 * long before the last one, and the last one came at or before the report's `timestamp` (taken
 * on WebRTC's own threads when the stats were gathered, in ms since the epoch): the figure is
 * never earlier than the first decode, and later by about one frame's gap while frames flow
 * (more if they stalled since). It does not depend on when the page's script read the report.
 */
export function firstFrameAt(r: StatsRecord): number | undefined {
  const at = maybe(r['timestamp']);
  const gaps = maybe(r['totalInterFrameDelay']);
  if (at === undefined || gaps === undefined || n(r['framesDecoded']) === 0) return undefined;
  return Math.round(at - gaps * 1000);
}

/** The nominated candidate pair (the one carrying media). */
function selectedPair(records: readonly StatsRecord[]): StatsRecord | undefined {
  const transport = records.find((r) => r.type === 'transport' && typeof r['selectedCandidatePairId'] === 'string');
  if (transport) return records.find((r) => r.id === transport['selectedCandidatePairId']);
  // Firefox has no transport stats: the pair is flagged instead.
  return records.find((r) => r.type === 'candidate-pair' && (r['selected'] === true || (r['nominated'] === true && r['state'] === 'succeeded')));
}

/**
 * Bytes both ways on one connection: its transport records (one per bundled transport), else the
 * selected candidate pair (Firefox). A connection that restarted starts again from 0.
 */
export function transportBytes(records: readonly StatsRecord[]): number {
  const transports = records.filter((r) => r.type === 'transport');
  const counted = transports.length ? transports : [selectedPair(records)].filter((r): r is StatsRecord => r !== undefined);
  return counted.reduce((sum, r) => sum + n(r['bytesSent']) + n(r['bytesReceived']), 0);
}

/**
 * How the receiving connection reaches the SFU: the local candidate of the selected pair, as
 * "host/udp", "srflx/udp", "host/tcp" (ICE over TCP to the SFU) or "relay/tcp" (TURN over TCP;
 * "relay/tls", "relay/udp"); '' before a pair is selected.
 */
export function routeOf(records: readonly StatsRecord[], pair = selectedPair(records)): string {
  const local = pair ? records.find((r) => r.id === pair['localCandidateId']) : undefined;
  if (!local) return '';
  const type = String(local['candidateType'] ?? '');
  const protocol = type === 'relay' && typeof local['relayProtocol'] === 'string' ? local['relayProtocol'] : local['protocol'];
  return `${type}/${String(protocol ?? '')}`;
}

/**
 * The inbound RTP streams that carry media. mediasoup probes the bandwidth with a padding-only
 * stream (mid "probator", SSRC 1234) on every receive transport: its sequence numbers jump,
 * so Chrome reports it as losing packets, and its jitter is meaningless. Counting it made a
 * clean link look lossy (1-2.5 %, 150 ms jitter) and held every student at the low layer.
 */
export function mediaInboundRecords(records: readonly StatsRecord[]): StatsRecord[] {
  return records.filter((r) => r.type === 'inbound-rtp' && r['mid'] !== PROBATOR_MID && r['ssrc'] !== PROBATOR_SSRC);
}

const PROBATOR_MID = 'probator';
const PROBATOR_SSRC = 1234;

/** Cumulative receive counters of the receive transport, to diff between two samples. */
export interface ReceiveCounters {
  packetsReceived: number;
  packetsLost: number;
  /** Packets that were lost on the link and came again by retransmission (NACK). */
  packetsRepaired: number;
}

export function receiveCounters(records: readonly StatsRecord[]): ReceiveCounters {
  let packetsReceived = 0;
  let packetsLost = 0;
  let packetsRepaired = 0;
  for (const r of mediaInboundRecords(records)) {
    packetsReceived += n(r['packetsReceived']);
    packetsLost += Math.max(0, n(r['packetsLost']));
    // Browsers without the retransmission counter: one NACK is about one lost packet.
    packetsRepaired += maybe(r['retransmittedPacketsReceived']) ?? n(r['nackCount']);
  }
  return { packetsReceived, packetsLost, packetsRepaired };
}

/**
 * One network sample from the subscriber's stats (loss since `previous`, jitter, rtt and the
 * receive estimate) and the publisher's (send estimate).
 */
export function networkSample(
  subscriber: readonly StatsRecord[],
  publisher: readonly StatsRecord[],
  previous: ReceiveCounters | null,
): { sample: NetworkSample; counters: ReceiveCounters } {
  const counters = receiveCounters(subscriber);
  const received = counters.packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = counters.packetsLost - (previous?.packetsLost ?? 0);
  const repaired = counters.packetsRepaired - (previous?.packetsRepaired ?? 0);
  const expected = received + lost;
  // The link's loss, before retransmissions repaired it: at 150 ms round trip a 3 % lossy link
  // shows well under 1 % unrepaired loss, yet a higher layer would need the room those
  // retransmissions take. So both count: lost for good, and repaired.
  const linkLost = lost + Math.max(0, repaired);
  const lossRatio = previous && expected > 0 && linkLost > 0 ? Math.min(1, linkLost / expected) : 0;
  const jitters = mediaInboundRecords(subscriber).filter((r) => maybe(r['jitter']) !== undefined).map((r) => n(r['jitter']) * 1000);
  const jitterMs = jitters.length ? jitters.reduce((a, b) => a + b, 0) / jitters.length : 0;
  const subPair = selectedPair(subscriber);
  const pubPair = selectedPair(publisher);
  const rtt = maybe(subPair?.['currentRoundTripTime']) ?? maybe(pubPair?.['currentRoundTripTime']) ?? 0;
  const incoming = maybe(subPair?.['availableIncomingBitrate']);
  return {
    counters,
    sample: {
      lossRatio,
      jitterMs,
      rttMs: Math.round(rtt * 1000),
      availableIncomingKbps: incoming === undefined ? null : Math.round(incoming / 1000),
      availableOutgoingKbps: Math.round(n(pubPair?.['availableOutgoingBitrate']) / 1000),
      bytesTotal: transportBytes(subscriber) + transportBytes(publisher),
      route: routeOf(subscriber, subPair),
    },
  };
}

/** Inbound RTP streams mapped to participants by mid (the debug hook's mediaStats()). */
export function inboundMediaStats(
  records: readonly StatsRecord[],
  trackForMid: (mid: string) => SubscribedTrack | undefined,
  midsByTrackId: ReadonlyMap<string, string>,
): InboundMediaStats[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const out: InboundMediaStats[] = [];
  for (const r of records) {
    if (r.type !== 'inbound-rtp') continue;
    const kind = r['kind'] ?? r['mediaType'];
    if (kind !== 'audio' && kind !== 'video') continue;
    // Chrome and recent Firefox name the mid; older ones only the track (directly or via
    // a "track" / "media-source" record).
    const trackRecord = typeof r['trackId'] === 'string' ? byId.get(r['trackId']) : undefined;
    const trackId = (r['trackIdentifier'] ?? trackRecord?.['trackIdentifier']) as string | undefined;
    const mid = typeof r['mid'] === 'string' ? r['mid'] : trackId ? midsByTrackId.get(trackId) : undefined;
    const info = mid === undefined ? undefined : trackForMid(mid);
    if (!info || mid === undefined) continue;
    const row: InboundMediaStats = {
      participantId: info.participantId,
      source: info.source,
      kind,
      mid,
      packetsReceived: n(r['packetsReceived']),
      packetsLost: n(r['packetsLost']),
      bytesReceived: n(r['bytesReceived']),
    };
    if (kind === 'video') {
      row.framesDecoded = n(r['framesDecoded']);
      const first = firstFrameAt(r);
      if (first !== undefined) row.firstFrameAt = first;
      const w = maybe(r['frameWidth']);
      const h = maybe(r['frameHeight']);
      if (w !== undefined) row.frameWidth = w;
      if (h !== undefined) row.frameHeight = h;
      // Chromium's freeze counters (weak-network tests and support): a freeze is a frame later than 3 frames or 150 ms.
      const freezes = maybe(r['freezeCount']);
      if (freezes !== undefined) row.freezeCount = freezes;
      const frozen = maybe(r['totalFreezesDuration']);
      if (frozen !== undefined) row.totalFreezesDuration = frozen;
    } else {
      const level = maybe(r['audioLevel']) ?? maybe(trackRecord?.['audioLevel']);
      if (level !== undefined) row.audioLevel = level;
      // Samples the jitter buffer had to invent (loss, late packets): the "concealed audio" of a weak link.
      const concealed = maybe(r['concealedSamples']);
      const total = maybe(r['totalSamplesReceived']);
      if (concealed !== undefined && total !== undefined) {
        row.concealedSamples = concealed;
        row.totalSamplesReceived = total;
      }
    }
    out.push(row);
  }
  return out;
}

export type FeaturedLayer = Exclude<VideoLayer, 'off'>;

/**
 * What each featured layer needs, kbit/s. The receive-side estimate only follows what is
 * actually flowing (a LOW stream keeps it low), so it can say "too little for this layer" but
 * never "enough for the next one": it may step down, never block a step up.
 */
const LAYER_NEEDS_KBPS: Record<FeaturedLayer, number> = { high: 800, medium: 300, low: 0 };

/**
 * How a sample rates for the current layer: poor (step down), good (may step up), or fair (hold).
 * `trustEstimate` false: the receive estimate still describes the lower layer that flowed before
 * a step up, so it cannot say this layer is starved yet.
 */
export function rateSample(sample: NetworkSample, layer: FeaturedLayer = 'high', trustEstimate = true): 'poor' | 'fair' | 'good' {
  const bwe = sample.availableIncomingKbps;
  const starved = trustEstimate && bwe !== null && bwe < LAYER_NEEDS_KBPS[layer] * 0.6;
  // Above the low layer, sustained loss of 2.5 % (a weak mobile link near its capacity) is poor:
  // a lower layer leaves room for retransmissions and for the audio, which matters most.
  const lossy = sample.lossRatio >= 0.08 || (layer !== 'low' && sample.lossRatio >= 0.025);
  if (lossy || sample.jitterMs >= 80 || starved) return 'poor';
  if (sample.lossRatio <= 0.02 && sample.jitterMs < 30) return 'good';
  return 'fair';
}

const ORDER: readonly FeaturedLayer[] = ['high', 'medium', 'low'];

/** Samples after a step up during which the receive estimate is not trusted (see rateSample). */
const ESTIMATE_GRACE_SAMPLES = 2;
/** A layer left for poor samples this many times waits 2^n times longer before it is tried again (capped). */
const MAX_BACKOFF_DOUBLINGS = 3;
/** Samples without any step down after which the layers' failures are forgotten (5 min at 5 s). */
const FORGET_FAILURES_AFTER = 60;

/**
 * Chooses the featured video's layer from network samples. Steps down one layer after two
 * poor samples in a row (10 s at the 5 s period: one bad burst does not blur the board), and
 * back up one layer after four good ones (20 s: climbing too fast on a flaky link would
 * oscillate and freeze the picture at every switch).
 *
 * On a weak link the lower layer looks good (retransmissions fit) while the higher one does not:
 * climbing back every 20 s would freeze the picture at every switch. So a layer that was left
 * for poor samples is retried only after twice as many good samples, then four, then eight
 * times (40 s, 80 s, 160 s), until five minutes pass without a step down.
 */
export class LayerGovernor {
  #layer: FeaturedLayer = 'high';
  #poor = 0;
  #good = 0;
  #sinceStepUp = Number.POSITIVE_INFINITY;
  #sinceStepDown = 0;
  readonly #failures = new Map<FeaturedLayer, number>();

  constructor(
    private readonly downAfter = 2,
    private readonly upAfter = 4,
  ) {}

  get layer(): FeaturedLayer {
    return this.#layer;
  }

  /** Good samples in a row needed before stepping up to `layer`. */
  goodSamplesToReach(layer: FeaturedLayer): number {
    return this.upAfter * 2 ** Math.min(this.#failures.get(layer) ?? 0, MAX_BACKOFF_DOUBLINGS);
  }

  /** Feeds one sample; returns the layer to use now. */
  next(sample: NetworkSample): FeaturedLayer {
    this.#sinceStepUp += 1;
    this.#sinceStepDown += 1;
    if (this.#sinceStepDown >= FORGET_FAILURES_AFTER) this.#failures.clear();
    const rating = rateSample(sample, this.#layer, this.#sinceStepUp > ESTIMATE_GRACE_SAMPLES);
    this.#poor = rating === 'poor' ? this.#poor + 1 : 0;
    this.#good = rating === 'good' ? this.#good + 1 : 0;
    const index = ORDER.indexOf(this.#layer);
    const lower = ORDER[index + 1];
    const higher = ORDER[index - 1];
    if (this.#poor >= this.downAfter && lower) {
      this.#failures.set(this.#layer, (this.#failures.get(this.#layer) ?? 0) + 1);
      this.#layer = lower;
      this.#poor = 0;
      this.#sinceStepDown = 0;
    } else if (higher && this.#good >= this.goodSamplesToReach(higher)) {
      this.#layer = higher;
      this.#good = 0;
      this.#sinceStepUp = 0;
    }
    return this.#layer;
  }

  reset(): void {
    this.#layer = 'high';
    this.#poor = 0;
    this.#good = 0;
    this.#sinceStepUp = Number.POSITIVE_INFINITY;
    this.#sinceStepDown = 0;
    this.#failures.clear();
  }
}

/** The ConnectionQualityReport's figures from one sample. */
export function qualityReport(sample: NetworkSample): { rttMs: number; lossPermille: number; availableOutgoingKbps: number } {
  return {
    rttMs: sample.rttMs,
    lossPermille: Math.round(sample.lossRatio * 1000),
    availableOutgoingKbps: sample.availableOutgoingKbps,
  };
}
