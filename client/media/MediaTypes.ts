import type { IceServer, TrackSource } from '../net/index.js';

/** A local source the client sends. */
export type LocalSource = 'microphone' | 'camera' | 'screen';

/** A track arriving on the receive transport, mapped to its participant by mid. */
export interface RemoteTrack {
  mid: string;
  participantId: string;
  source: TrackSource;
  kind: 'audio' | 'video';
  track: MediaStreamTrack;
  /** A stream holding only this track, for an <audio>/<video> element's srcObject. */
  stream: MediaStream;
}

export function rtcConfiguration(iceServers: readonly IceServer[]): RTCConfiguration {
  return {
    iceServers: iceServers.map((s) => ({
      urls: s.urls,
      ...(s.username ? { username: s.username } : {}),
      ...(s.credential ? { credential: s.credential } : {}),
    })),
    bundlePolicy: 'max-bundle',
    rtcpMuxPolicy: 'require',
  };
}

/** One row of the debug hook's mediaStats(): an inbound RTP stream of the receive transport. */
export interface InboundMediaStats {
  participantId: string;
  source: TrackSource;
  kind: 'audio' | 'video';
  mid: string;
  packetsReceived: number;
  packetsLost: number;
  bytesReceived: number;
  framesDecoded?: number;
  /**
   * Video: when the first frame was decoded, ms since the epoch, read from the stats themselves
   * (never earlier than the real moment; see firstFrameAt in stats.ts). bench:failover uses it,
   * since the page's own getStats can answer seconds late on a starved page.
   */
  firstFrameAt?: number;
  frameWidth?: number;
  frameHeight?: number;
  audioLevel?: number;
  /** Video: freezes so far and their total length, seconds (Chromium). */
  freezeCount?: number;
  totalFreezesDuration?: number;
  /** Audio: samples concealed (invented by the jitter buffer) of all samples received. */
  concealedSamples?: number;
  totalSamplesReceived?: number;
}

/** One sample of the receive side, for the featured-video layer governor and quality reports. */
export interface NetworkSample {
  /** Packets lost on the link / expected on the receive transport since the previous sample, 0..1 (lost for good or repaired by retransmission). */
  lossRatio: number;
  /** Mean jitter of the inbound streams, ms. */
  jitterMs: number;
  /** Round-trip time of the selected candidate pair, ms (0 when unknown). */
  rttMs: number;
  /** Receive-side bandwidth estimate when the browser reports one, kbit/s. */
  availableIncomingKbps: number | null;
  /** Send-side bandwidth estimate of the send transport, kbit/s (0 when unknown). */
  availableOutgoingKbps: number;
  /**
   * Bytes sent plus received so far by both connections (their ICE transports: media, RTCP and
   * DTLS, not IP/UDP headers), for the data saver's "data used per minute". Cumulative.
   */
  bytesTotal: number;
  /** How the receiving connection reaches the SFU ("host/udp", "relay/tcp"...; stats.ts routeOf). */
  route: string;
}

export type MediaHealth = 'idle' | 'connecting' | 'connected' | 'restoring' | 'failed';

export interface MediaControllerEvents {
  [event: string]: unknown[];
  remoteTracks: [tracks: readonly RemoteTrack[]];
  health: [health: MediaHealth];
  /** The receive transport connected (each time): what is consumed can now arrive. */
  receiving: [];
  sample: [sample: NetworkSample];
}

/** What the media controller (TransportController) offers the session, through MediaClient. */
export interface MediaEngineClient {
  on<K extends keyof MediaControllerEvents & string>(event: K, listener: (...args: MediaControllerEvents[K]) => void): () => void;
  readonly health: MediaHealth;
  readonly remoteTracks: readonly RemoteTrack[];
  /** Declares a local source: its current track (null = off) and whether the device exists. */
  setSource(source: LocalSource, track: MediaStreamTrack | null, available: boolean): Promise<void>;
  /** Starts (a track) or stops (null) the screen share; rejects when the server refuses it. */
  setScreen(track: MediaStreamTrack | null): Promise<void>;
  /** MediaReset push. */
  handleReset(reason: string): void;
  /** Our connections failed: tell the server and start again. */
  restart(why: string): Promise<void>;
  /** After a resume on the same participant: keep healthy connections, restart broken ones. */
  afterResume(): Promise<void>;
  /** After a join that made a new participant. */
  restartFresh(iceServers: readonly IceServer[]): void;
  mediaStats(): Promise<InboundMediaStats[]>;
  close(): void;
}
