import type { PublishedTrack } from '../net/index.js';
import { TypedEmitter } from '../util/emitter.js';
import { log } from '../util/log.js';
import { addCameraTransceiver, addMicrophoneTransceiver, addScreenTransceiver } from './encodings.js';
import type { LocalCandidate, MediaSignal, PeerConnectionFactory } from './MediaTypes.js';

/** The sources this client publishes. */
export type LocalSource = 'microphone' | 'camera' | 'screen';

export interface PublisherEvents {
  [event: string]: unknown[];
  /** ICE or DTLS failed for good: the session asks the server to restart our media. */
  failed: [];
  state: [state: RTCPeerConnectionState];
}

/**
 * The send-only peer connection: the client offers, the SFU answers (PublishRequest). One
 * transceiver per source, created once and kept: turning the camera off replaces its track
 * with null (the camera light goes off) instead of renegotiating. A screen share comes and
 * goes: its transceiver is set `inactive` when the share stops (an m-line cannot be removed)
 * and reused by the next share; both changes renegotiate, and the PublishRequest then lists
 * only the sources that send.
 */
export class Publisher extends TypedEmitter<PublisherEvents> {
  readonly #pc: RTCPeerConnection;
  readonly #signal: MediaSignal;
  /** One stream id for all our tracks, so that the SFU can group them (lip sync). */
  readonly #stream: MediaStream;
  readonly #transceivers = new Map<LocalSource, RTCRtpTransceiver>();
  /** Sources whose transceiver is set inactive (a stopped screen share). */
  readonly #inactive = new Set<LocalSource>();
  #closed = false;
  #negotiating: Promise<void> | null = null;
  #renegotiate = false;
  /** Candidates found before the first PublishRequest went out: the server has no session yet. */
  #heldCandidates: LocalCandidate[] | null = [];

  constructor(options: { config: RTCConfiguration; signal: MediaSignal; createPeerConnection: PeerConnectionFactory }) {
    super();
    this.#signal = options.signal;
    this.#pc = options.createPeerConnection(options.config);
    this.#stream = new MediaStream();
    this.#pc.onicecandidate = (event) => this.#onCandidate(event.candidate);
    this.#pc.onconnectionstatechange = () => this.#onState();
  }

  get closed(): boolean {
    return this.#closed;
  }

  get connectionState(): RTCPeerConnectionState {
    return this.#pc.connectionState;
  }

  /** Whether anything is published (a client without devices publishes nothing). */
  get hasTransceivers(): boolean {
    return this.#transceivers.size > 0;
  }

  /**
   * Sets the track a source sends. Creates the source's transceiver on first use (then
   * `negotiate()` must run); afterwards only replaces the track. `track = null` with
   * `reserve` creates the transceiver without a track, so that a device that exists but is
   * off can be turned on later without renegotiation.
   */
  async setTrack(source: LocalSource, track: MediaStreamTrack | null, reserve = false): Promise<void> {
    if (this.#closed) return;
    const existing = this.#transceivers.get(source);
    if (existing) {
      if (track && this.#inactive.delete(source)) {
        existing.direction = 'sendonly';
        this.#renegotiate = true;
      }
      await existing.sender.replaceTrack(track);
      return;
    }
    if (!track && !reserve) return;
    const add = source === 'camera' ? addCameraTransceiver : source === 'screen' ? addScreenTransceiver : addMicrophoneTransceiver;
    this.#transceivers.set(source, add(this.#pc, track, this.#stream));
    this.#renegotiate = true;
  }

  /**
   * Stops sending a source altogether (a screen share that ended): its transceiver goes
   * inactive and `negotiate()` must run so that the SFU drops the stream.
   */
  async deactivate(source: LocalSource): Promise<void> {
    const transceiver = this.#transceivers.get(source);
    if (this.#closed || !transceiver || this.#inactive.has(source)) return;
    this.#inactive.add(source);
    transceiver.direction = 'inactive';
    this.#renegotiate = true;
    await transceiver.sender.replaceTrack(null);
  }

  /** Whether the source has a transceiver that sends (or may send) now. */
  isActive(source: LocalSource): boolean {
    return this.#transceivers.has(source) && !this.#inactive.has(source);
  }

  /**
   * Offers the current transceivers to the SFU (a first publish or a renegotiation). Calls
   * made while one is running are merged into one more round after it.
   */
  negotiate(): Promise<void> {
    this.#renegotiate = true;
    if (!this.#negotiating) {
      this.#negotiating = this.#negotiateLoop().finally(() => {
        this.#negotiating = null;
      });
    }
    return this.#negotiating;
  }

  async #negotiateLoop(): Promise<void> {
    while (this.#renegotiate && !this.#closed) {
      this.#renegotiate = false;
      if (this.#transceivers.size === 0) return;
      await this.#negotiateOnce();
    }
  }

  async #negotiateOnce(): Promise<void> {
    const offer = await this.#pc.createOffer();
    if (this.#closed) return;
    await this.#pc.setLocalDescription(offer);
    if (this.#closed) return;
    const sdp = this.#pc.localDescription?.sdp ?? offer.sdp ?? '';
    const answer = this.#signal.publish(sdp, this.#publishedTracks());
    this.#releaseCandidates();
    const answerSdp = await answer;
    if (this.#closed) return;
    await this.#pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  }

  #publishedTracks(): PublishedTrack[] {
    const tracks: PublishedTrack[] = [];
    for (const [source, transceiver] of this.#transceivers) {
      if (transceiver.mid !== null && !this.#inactive.has(source)) tracks.push({ mid: transceiver.mid, source });
    }
    return tracks;
  }

  #onCandidate(candidate: RTCIceCandidate | null): void {
    if (this.#closed) return;
    const out: LocalCandidate = candidate
      ? { target: 'publisher', candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? '', sdpMLineIndex: candidate.sdpMLineIndex ?? 0, completed: false }
      : { target: 'publisher', candidate: '', sdpMid: '', sdpMLineIndex: 0, completed: true };
    // Firefox reports end-of-candidates for each generation as an empty-string candidate.
    if (candidate && candidate.candidate === '') {
      out.completed = true;
    }
    if (this.#heldCandidates) this.#heldCandidates.push(out);
    else this.#signal.trickle(out);
  }

  #releaseCandidates(): void {
    const held = this.#heldCandidates;
    this.#heldCandidates = null;
    for (const c of held ?? []) this.#signal.trickle(c);
  }

  #onState(): void {
    if (this.#closed) return;
    const state = this.#pc.connectionState;
    this.safeEmit('state', state);
    if (state === 'failed') this.safeEmit('failed');
  }

  getStats(): Promise<RTCStatsReport> {
    return this.#pc.getStats();
  }

  /** Closes the connection. The tracks are the caller's: they are not stopped. Safe twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#pc.onicecandidate = null;
    this.#pc.onconnectionstatechange = null;
    try {
      this.#pc.close();
    } catch (error) {
      log.debug('publisher close', error);
    }
    this.removeAllListeners();
  }
}
