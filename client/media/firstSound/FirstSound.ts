/**
 * The first sound of a join (docs/weak-networks.md "The first sound"). On a first visit the media
 * library (mediasoup-client, ~33 kB) is still downloading when the JoinResponse arrives; the
 * server's first-sound transport carries just the teacher's microphone, which a plain
 * RTCPeerConnection takes from a few lines of SDP (firstSoundSdp.ts). It plays until the page's
 * own consumer of that microphone has sound (the hand-over, FirstSoundHandOver in MediaClient),
 * then closes and tells the server, which closes it anyway after 30 s. For a second the class
 * may hear the teacher twice, never not at all.
 */
import type { DtlsParameters, FirstSoundOffer, IceServer } from '../../net/index.js';
import { log } from '../../util/log.js';
import { markOnce } from '../../util/timeline.js';
import { rtcConfiguration, type InboundMediaStats } from '../MediaTypes.js';
import { inboundMediaStats, type StatsRecord } from '../stats.js';
import { FIRST_SOUND_MID, firstSoundAnswerDtls, firstSoundOffer } from './firstSoundSdp.js';

/** What the first sound needs from the signaling connection (LessonSession implements it over the socket). */
export interface FirstSoundSignal {
  /** FirstSoundRequest: null when there is nothing to hear (no teacher's microphone on). */
  firstSound(): Promise<FirstSoundOffer>;
  firstSoundConnect(transportId: string, dtlsParameters: DtlsParameters): Promise<void>;
  firstSoundClose(transportId: string): Promise<void>;
}

/** How the sound is played and the connection made (tests give fakes). */
export interface FirstSoundDeps {
  createPeerConnection(config: RTCConfiguration): RTCPeerConnection;
  play(track: MediaStreamTrack): { stop(): void };
}

/** The server closes it after 30 s; the page does too, whatever happened to the hand-over. */
export const FIRST_SOUND_MAX_MS = 30_000;

function playThroughAudioElement(track: MediaStreamTrack): { stop(): void } {
  const audio = new Audio();
  audio.autoplay = true;
  audio.srcObject = new MediaStream([track]);
  // "Vào lớp" was the user's gesture: the page may play sound.
  void audio.play().catch((error: unknown) => log.warn('the first sound could not play', error));
  return {
    stop: () => {
      audio.pause();
      audio.srcObject = null;
    },
  };
}

export const browserFirstSoundDeps: FirstSoundDeps = {
  createPeerConnection: (config) => new RTCPeerConnection(config),
  play: playThroughAudioElement,
};

export class FirstSound {
  /** The teacher whose microphone this is. */
  readonly participantId: string;
  readonly transportId: string;
  readonly #pc: RTCPeerConnection;
  readonly #signal: FirstSoundSignal;
  #player: { stop(): void } | null = null;
  #timer: ReturnType<typeof setTimeout>;
  #closed = false;
  #settle: () => void = () => undefined;
  /** Resolves once connected, or closed (failed, handed over, timed out): the link is free again. */
  readonly settled: Promise<void> = new Promise((resolve) => (this.#settle = resolve));

  private constructor(offer: NonNullable<FirstSoundOffer>, iceServers: readonly IceServer[], signal: FirstSoundSignal, deps: FirstSoundDeps) {
    this.participantId = offer.consumer.participantId;
    this.transportId = offer.transport.id;
    this.#signal = signal;
    this.#pc = deps.createPeerConnection(rtcConfiguration(iceServers));
    this.#pc.addEventListener('track', (event) => {
      if (this.#closed) return;
      event.track.addEventListener('unmute', () => markOnce('first-sound-unmuted'), { once: true });
      this.#player = deps.play(event.track);
    });
    this.#pc.addEventListener('connectionstatechange', () => {
      if (this.#pc.connectionState === 'connected') {
        markOnce('first-sound-connected');
        this.#settle();
      }
      if (this.#pc.connectionState === 'failed') this.close();
    });
    this.#timer = setTimeout(() => this.close(), FIRST_SOUND_MAX_MS);
  }

  /**
   * Takes the server's offer: the remote SDP, our answer, ConnectTransport with the answer's DTLS
   * parameters (sent without waiting for its Ack before ICE starts: the request is ahead of the
   * first DTLS packet on the way to the server), and the sound plays when it arrives.
   */
  static async open(offer: NonNullable<FirstSoundOffer>, iceServers: readonly IceServer[], signal: FirstSoundSignal, deps: FirstSoundDeps = browserFirstSoundDeps): Promise<FirstSound> {
    const sound = new FirstSound(offer, iceServers, signal, deps);
    try {
      await sound.#negotiate(firstSoundOffer(offer.transport, offer.consumer));
    } catch (error) {
      sound.close();
      throw error;
    }
    return sound;
  }

  async #negotiate(sdp: string): Promise<void> {
    await this.#pc.setRemoteDescription({ type: 'offer', sdp });
    const answer = await this.#pc.createAnswer();
    if (this.#closed) return;
    const connected = this.#signal.firstSoundConnect(this.transportId, firstSoundAnswerDtls(answer.sdp ?? ''));
    connected.catch((error: unknown) => {
      log.warn('the first sound was refused', error);
      this.close();
    });
    await this.#pc.setLocalDescription(answer);
    markOnce('first-sound-answered');
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The debug hook's rows for the teacher's microphone on this connection (bench:netem's "heard"). */
  async stats(): Promise<InboundMediaStats[]> {
    if (this.#closed) return [];
    const report = await this.#pc.getStats();
    const records = [...report.values()] as StatsRecord[];
    const track = { mid: FIRST_SOUND_MID, participantId: this.participantId, source: 'microphone' as const };
    return inboundMediaStats(records, (mid) => (mid === FIRST_SOUND_MID ? track : undefined), new Map());
  }

  /** Stops the sound, closes the connection, and tells the server (its answer does not matter). Safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#settle();
    clearTimeout(this.#timer);
    this.#player?.stop();
    this.#player = null;
    this.#pc.close();
    markOnce('first-sound-closed');
    this.#signal.firstSoundClose(this.transportId).catch(() => undefined); // gone already, or the socket is: the server's timer closes it
  }
}
