import { describe, expect, it } from 'vitest';
import type { NetworkSample } from './MediaTypes.js';
import { firstFrameAt, inboundMediaStats, LayerGovernor, networkSample, qualityReport, rateSample, routeOf, transportBytes, type StatsRecord } from './stats.js';

const good: NetworkSample = { lossRatio: 0, jitterMs: 5, rttMs: 40, availableIncomingKbps: 2500, availableOutgoingKbps: 1500, bytesTotal: 0, route: 'host/udp' };
const poor: NetworkSample = { ...good, lossRatio: 0.12 };
const fair: NetworkSample = { ...good, lossRatio: 0.04 };

describe('LayerGovernor', () => {
  it('steps the featured video down after two poor samples in a row, one layer at a time', () => {
    const g = new LayerGovernor();
    expect(g.next(poor)).toBe('high');
    expect(g.next(poor)).toBe('medium');
    expect(g.next(poor)).toBe('medium');
    expect(g.next(poor)).toBe('low');
    expect(g.next(poor)).toBe('low');
  });

  it('one poor sample between good ones changes nothing', () => {
    const g = new LayerGovernor();
    for (const s of [poor, good, poor, good, poor]) expect(g.next(s)).toBe('high');
  });

  it('climbs back one layer after enough good samples in a row, and a fair one resets the count', () => {
    const g = new LayerGovernor();
    g.next(poor);
    g.next(poor);
    g.next(poor);
    g.next(poor);
    expect(g.layer).toBe('low');
    // Medium was left once for poor samples: it is retried after 8 good samples (40 s), not 4.
    expect(g.goodSamplesToReach('medium')).toBe(8);
    for (let i = 0; i < 7; i++) expect(g.next(good)).toBe('low');
    expect(g.next(fair)).toBe('low');
    for (let i = 0; i < 7; i++) expect(g.next(good)).toBe('low');
    expect(g.next(good)).toBe('medium');
    for (let i = 0; i < 8; i++) g.next(good);
    expect(g.layer).toBe('high');
  });

  it('a layer never left climbs after four good samples', () => {
    const g = new LayerGovernor();
    g.next(poor);
    g.next(poor);
    expect(g.layer).toBe('medium');
    expect(g.goodSamplesToReach('medium')).toBe(4);
  });

  it('a weak link that looks good only at the low layer is retried less and less often, then forgiven', () => {
    const g = new LayerGovernor();
    const atMedium = { ...good, lossRatio: 0.03 }; // the link near capacity: poor above the low layer
    const atLow = { ...good, lossRatio: 0.01 }; // retransmissions fit at the low layer
    const feed = (layer: 'low' | 'medium' | 'high', n: number) => {
      const seen: string[] = [];
      for (let i = 0; i < n; i++) seen.push(g.next(layer === 'low' ? atLow : atMedium));
      return seen;
    };
    feed('medium', 4); // high -> medium -> low
    expect(g.layer).toBe('low');
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      let samples = 0;
      while (g.layer === 'low') {
        g.next(atLow);
        samples++;
      }
      waits.push(samples);
      feed('medium', 2); // the medium layer is lossy again: back down
      expect(g.layer).toBe('low');
    }
    expect(waits).toEqual([8, 16, 32, 32]);
    // Five minutes without a step down: the failures are forgotten (medium was retried meanwhile).
    for (let i = 0; i < 60; i++) g.next(atLow);
    expect(g.goodSamplesToReach('high')).toBe(4);
  });

  it('rates high jitter, or a receive estimate too low for the current layer, as poor', () => {
    expect(rateSample({ ...good, jitterMs: 120 })).toBe('poor');
    // 3 % loss (a weak mobile link): poor above the low layer, only fair at the low one.
    expect(rateSample({ ...good, lossRatio: 0.03 }, 'medium')).toBe('poor');
    expect(rateSample({ ...good, lossRatio: 0.03 }, 'low')).toBe('fair');
    expect(rateSample({ ...good, availableIncomingKbps: 300 }, 'high')).toBe('poor');
    expect(rateSample({ ...good, availableIncomingKbps: 300 }, 'medium')).toBe('good');
    expect(rateSample({ ...good, availableIncomingKbps: 100 }, 'low')).toBe('good');
    expect(rateSample({ ...good, availableIncomingKbps: null })).toBe('good');
  });

  it('a low estimate while only LOW flows does not keep the layer down, nor pull it back right after a step up', () => {
    const g = new LayerGovernor();
    g.next(poor);
    g.next(poor);
    g.next(poor);
    g.next(poor);
    expect(g.layer).toBe('low');
    const lowFlow = { ...good, availableIncomingKbps: 150 };
    for (let i = 0; i < g.goodSamplesToReach('medium'); i++) g.next(lowFlow);
    expect(g.layer).toBe('medium');
    // The next two samples still carry the estimate of the LOW stream: not counted as starved.
    g.next(lowFlow);
    g.next(lowFlow);
    expect(g.layer).toBe('medium');
    // From the third on it is believed: two starved samples step down again.
    g.next(lowFlow);
    expect(g.next(lowFlow)).toBe('low');
  });
});

describe('network samples from getStats', () => {
  const sub = (received: number, lost: number): StatsRecord[] => [
    { type: 'inbound-rtp', id: 'a', kind: 'audio', packetsReceived: received, packetsLost: lost, jitter: 0.01 },
    { type: 'inbound-rtp', id: 'v', kind: 'video', packetsReceived: received * 10, packetsLost: 0, jitter: 0.03 },
    { type: 'transport', id: 'T', selectedCandidatePairId: 'CP' },
    { type: 'candidate-pair', id: 'CP', currentRoundTripTime: 0.085, availableIncomingBitrate: 1_200_000 },
  ];
  const pub: StatsRecord[] = [{ type: 'candidate-pair', id: 'P', selected: true, availableOutgoingBitrate: 640_000 }];

  it('computes loss since the previous sample, jitter, rtt and bandwidth estimates', () => {
    const first = networkSample(sub(100, 0), pub, null);
    expect(first.sample.lossRatio).toBe(0);
    const second = networkSample(sub(190, 10), pub, first.counters);
    expect(second.sample.lossRatio).toBeCloseTo(10 / (990 + 10), 5);
    expect(second.sample.jitterMs).toBeCloseTo(20, 5);
    expect(second.sample.rttMs).toBe(85);
    expect(second.sample.availableIncomingKbps).toBe(1200);
    expect(second.sample.availableOutgoingKbps).toBe(640);
    expect(qualityReport(second.sample)).toEqual({ rttMs: 85, lossPermille: 10, availableOutgoingKbps: 640 });
  });

  it('counts packets repaired by retransmission as loss of the link', () => {
    const withRepairs = (received: number, repaired: number, nacks: number): StatsRecord[] =>
      sub(received, 0).map((r) => (r.id === 'v' ? { ...r, retransmittedPacketsReceived: repaired, nackCount: nacks } : r));
    const first = networkSample(withRepairs(100, 0, 0), pub, null);
    const second = networkSample(withRepairs(200, 33, 40), pub, first.counters);
    // 100 audio + 1000 video packets received, 33 of them came again after a NACK.
    expect(second.sample.lossRatio).toBeCloseTo(33 / 1100, 5);
    // Without the retransmission counter, the NACKs sent stand in for it.
    const noCounter = (received: number, nacks: number): StatsRecord[] => sub(received, 0).map((r) => (r.id === 'v' ? { ...r, nackCount: nacks } : r));
    const a = networkSample(noCounter(100, 0), pub, null);
    expect(networkSample(noCounter(200, 22), pub, a.counters).sample.lossRatio).toBeCloseTo(22 / 1100, 5);
  });

  it("leaves mediasoup's probation stream out: its jumping sequence numbers are not loss", () => {
    const probator = (lost: number): StatsRecord => ({ type: 'inbound-rtp', id: 'p', kind: 'video', mid: 'probator', ssrc: 1234, packetsReceived: 50, packetsLost: lost, jitter: 0.4 });
    const first = networkSample([...sub(100, 0), probator(0)], pub, null);
    const second = networkSample([...sub(190, 0), probator(40)], pub, first.counters);
    expect(second.sample.lossRatio).toBe(0);
    expect(second.sample.jitterMs).toBeCloseTo(20, 5);
    const bySsrcOnly = networkSample([...sub(190, 0), { ...probator(40), mid: undefined }], pub, first.counters);
    expect(bySsrcOnly.sample.lossRatio).toBe(0);
  });

  it('names the route of the receiving connection: a relay by its transport to the TURN server', () => {
    const pair = (local: StatsRecord): StatsRecord[] => [
      { type: 'transport', id: 'T', selectedCandidatePairId: 'CP' },
      { type: 'candidate-pair', id: 'CP', localCandidateId: 'L' },
      local,
    ];
    expect(routeOf(pair({ type: 'local-candidate', id: 'L', candidateType: 'relay', protocol: 'udp', relayProtocol: 'tcp' }))).toBe('relay/tcp');
    expect(routeOf(pair({ type: 'local-candidate', id: 'L', candidateType: 'host', protocol: 'tcp' }))).toBe('host/tcp');
    expect(routeOf(sub(1, 0))).toBe('');
  });

  it('counts the bytes both ways of both connections: transport records, else the selected pair', () => {
    const subBytes: StatsRecord[] = [...sub(1, 0).map((r) => (r.type === 'transport' ? { ...r, bytesSent: 1_000, bytesReceived: 50_000 } : r))];
    const pubBytes: StatsRecord[] = [{ type: 'candidate-pair', id: 'P', selected: true, bytesSent: 30_000, bytesReceived: 2_000 }];
    expect(transportBytes(subBytes)).toBe(51_000);
    expect(transportBytes(pubBytes)).toBe(32_000);
    expect(networkSample(subBytes, pubBytes, null).sample.bytesTotal).toBe(83_000);
  });
});

describe('inbound media stats for the debug hook', () => {
  const tracks = new Map([
    ['0', { mid: '0', participantId: 'teacher', source: 'microphone' as const }],
    ['1', { mid: '1', participantId: 'teacher', source: 'camera' as const }],
  ]);

  it('maps inbound-rtp to participants by mid, or by track id where mid is missing', () => {
    const records: StatsRecord[] = [
      { type: 'inbound-rtp', id: 'A', kind: 'audio', mid: '0', packetsReceived: 50, packetsLost: 1, bytesReceived: 4000, audioLevel: 0.2 },
      { type: 'inbound-rtp', id: 'V', kind: 'video', trackIdentifier: 'track-v', packetsReceived: 300, bytesReceived: 90_000, framesDecoded: 60, frameWidth: 320, frameHeight: 180 },
      { type: 'inbound-rtp', id: 'X', kind: 'video', mid: '9', packetsReceived: 1 },
    ];
    const rows = inboundMediaStats(records, (mid) => tracks.get(mid), new Map([['track-v', '1']]));
    expect(rows).toEqual([
      { participantId: 'teacher', source: 'microphone', kind: 'audio', mid: '0', packetsReceived: 50, packetsLost: 1, bytesReceived: 4000, audioLevel: 0.2 },
      { participantId: 'teacher', source: 'camera', kind: 'video', mid: '1', packetsReceived: 300, packetsLost: 0, bytesReceived: 90_000, framesDecoded: 60, frameWidth: 320, frameHeight: 180 },
    ]);
  });

  it('dates the first decoded frame back from the report by the sum of the gaps between frames', () => {
    const video = (fields: Record<string, unknown>): StatsRecord => ({ type: 'inbound-rtp', id: 'V', kind: 'video', mid: '1', packetsReceived: 9, ...fields });
    const [row] = inboundMediaStats([video({ timestamp: 1_700_000_010_000, framesDecoded: 40, totalInterFrameDelay: 2.5 })], (mid) => tracks.get(mid), new Map());
    expect(row?.firstFrameAt).toBe(1_700_000_007_500);
    // One frame so far: no gap to subtract, the report's time is the bound.
    expect(firstFrameAt(video({ timestamp: 5000, framesDecoded: 1, totalInterFrameDelay: 0 }))).toBe(5000);
    // Nothing decoded, or a browser without the counters: no date.
    expect(firstFrameAt(video({ timestamp: 5000, framesDecoded: 0, totalInterFrameDelay: 0 }))).toBeUndefined();
    expect(firstFrameAt(video({ timestamp: 5000, framesDecoded: 3 }))).toBeUndefined();
    expect(firstFrameAt(video({ framesDecoded: 3, totalInterFrameDelay: 0.1 }))).toBeUndefined();
  });
});
