import type { SubscribedTrack } from '../net/index.js';
import { TypedEmitter } from '../util/emitter.js';
import { log } from '../util/log.js';
import type { LocalCandidate, MediaSignal, PeerConnectionFactory, RemoteTrack, SubscriberOfferIn } from './MediaTypes.js';

export interface SubscriberEvents {
  [event: string]: unknown[];
  /** The remote tracks after each applied offer (the whole list). */
  tracks: [tracks: readonly RemoteTrack[]];
  /** ICE or DTLS failed for good. */
  failed: [];
  /** An offer could not be applied: the connection is out of step with the server. */
  error: [error: unknown];
  state: [state: RTCPeerConnectionState];
}

/**
 * The receive-only peer connection: the server offers (SubscriberOffer push), the client
 * answers. Offers are applied one at a time; an offer with a newer revision supersedes an
 * older one still waiting, and the older one is never answered (docs/protocol.md).
 */
export class Subscriber extends TypedEmitter<SubscriberEvents> {
  readonly #pc: RTCPeerConnection;
  readonly #signal: MediaSignal;
  #closed = false;
  #waiting: SubscriberOfferIn | null = null;
  #draining = false;
  /** Revision of the offer the connection currently holds; 0 before the first. */
  #appliedRevision = 0;
  #tracksByMid = new Map<string, SubscribedTrack>();
  #remoteTracks: readonly RemoteTrack[] = [];
  readonly #streams = new Map<string, MediaStream>();
  /** Candidates found before our first answer went out. */
  #heldCandidates: LocalCandidate[] | null = [];

  constructor(options: { config: RTCConfiguration; signal: MediaSignal; createPeerConnection: PeerConnectionFactory }) {
    super();
    this.#signal = options.signal;
    this.#pc = options.createPeerConnection(options.config);
    this.#pc.onicecandidate = (event) => this.#onCandidate(event.candidate);
    this.#pc.onconnectionstatechange = () => this.#onState();
  }

  get closed(): boolean {
    return this.#closed;
  }

  get connectionState(): RTCPeerConnectionState {
    return this.#pc.connectionState;
  }

  get appliedRevision(): number {
    return this.#appliedRevision;
  }

  get remoteTracks(): readonly RemoteTrack[] {
    return this.#remoteTracks;
  }

  /** The participant and source a mid of this connection carries. */
  trackForMid(mid: string): SubscribedTrack | undefined {
    return this.#tracksByMid.get(mid);
  }

  /** Queues an offer; returns when the queue is empty again. */
  async handleOffer(offer: SubscriberOfferIn): Promise<void> {
    if (this.#closed) return;
    if (!this.#waiting || offer.revision >= this.#waiting.revision) this.#waiting = offer;
    if (this.#draining) return;
    this.#draining = true;
    try {
      while (this.#waiting && !this.#closed) {
        const next = this.#waiting;
        this.#waiting = null;
        await this.#apply(next);
      }
    } finally {
      this.#draining = false;
    }
  }

  async #apply(offer: SubscriberOfferIn): Promise<void> {
    if (offer.revision < this.#appliedRevision) {
      log.debug(`ignored stale subscriber offer ${offer.revision}`);
      return;
    }
    if (offer.revision === this.#appliedRevision && this.#pc.signalingState === 'stable' && this.#pc.localDescription) {
      // The server re-sends its latest unanswered offer after a resume: our answer was lost.
      this.#sendAnswer(offer.revision, this.#pc.localDescription.sdp);
      return;
    }
    try {
      await this.#pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
      if (this.#closed) return;
      const answer = await this.#pc.createAnswer();
      if (this.#closed) return;
      await this.#pc.setLocalDescription(answer);
      if (this.#closed) return;
    } catch (error) {
      log.warn(`could not apply subscriber offer ${offer.revision}`, error);
      this.safeEmit('error', error);
      return;
    }
    this.#appliedRevision = offer.revision;
    this.#tracksByMid = new Map(offer.tracks.map((t) => [t.mid, t]));
    const superseded = this.#waiting !== null && this.#waiting.revision > offer.revision;
    if (!superseded) this.#sendAnswer(offer.revision, this.#pc.localDescription?.sdp ?? '');
    this.#reconcile();
  }

  #sendAnswer(revision: number, sdp: string): void {
    this.#signal.answer(revision, sdp).catch((error: unknown) => log.warn(`answer ${revision} failed`, error));
    const held = this.#heldCandidates;
    this.#heldCandidates = null;
    for (const c of held ?? []) this.#signal.trickle(c);
  }

  /** Rebuilds the list of remote tracks from the transceivers and the offer's mid map. */
  #reconcile(): void {
    const tracks: RemoteTrack[] = [];
    const liveIds = new Set<string>();
    for (const transceiver of this.#pc.getTransceivers()) {
      const mid = transceiver.mid;
      if (mid === null) continue;
      const info = this.#tracksByMid.get(mid);
      const direction = transceiver.currentDirection;
      if (!info || direction === 'inactive' || direction === 'stopped' || direction === 'sendonly') continue;
      const track = transceiver.receiver.track;
      if (track.kind !== 'audio' && track.kind !== 'video') continue;
      liveIds.add(track.id);
      tracks.push({ mid, participantId: info.participantId, source: info.source, kind: track.kind, track, stream: this.#streamFor(track) });
    }
    for (const id of [...this.#streams.keys()]) if (!liveIds.has(id)) this.#streams.delete(id);
    this.#remoteTracks = tracks;
    this.safeEmit('tracks', tracks);
  }

  #streamFor(track: MediaStreamTrack): MediaStream {
    let stream = this.#streams.get(track.id);
    if (!stream) {
      stream = new MediaStream([track]);
      this.#streams.set(track.id, stream);
    }
    return stream;
  }

  #onCandidate(candidate: RTCIceCandidate | null): void {
    if (this.#closed) return;
    const completed = !candidate || candidate.candidate === '';
    const out: LocalCandidate = {
      target: 'subscriber',
      candidate: completed ? '' : (candidate?.candidate ?? ''),
      sdpMid: candidate?.sdpMid ?? '',
      sdpMLineIndex: candidate?.sdpMLineIndex ?? 0,
      completed,
    };
    if (this.#heldCandidates) this.#heldCandidates.push(out);
    else this.#signal.trickle(out);
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

  /** mid of every receiver's track id, for stats that name the track but not the mid. */
  midsByTrackId(): Map<string, string> {
    const out = new Map<string, string>();
    for (const t of this.#pc.getTransceivers()) if (t.mid !== null) out.set(t.receiver.track.id, t.mid);
    return out;
  }

  /** Closes the connection; the remote tracks end. Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#waiting = null;
    this.#pc.onicecandidate = null;
    this.#pc.onconnectionstatechange = null;
    try {
      this.#pc.close();
    } catch (error) {
      log.debug('subscriber close', error);
    }
    this.#remoteTracks = [];
    this.#streams.clear();
    this.removeAllListeners();
  }
}
