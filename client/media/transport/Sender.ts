import type { types } from 'mediasoup-client';
import { log } from '../../util/log.js';
import type { LocalSource } from '../MediaTypes.js';
import { CAMERA_ENCODINGS, SCREEN_ENCODING, SINGLE_ENCODING } from '../encodings.js';

/**
 * The send transport's producers, one per source. A source's producer is created with its first
 * track and kept: turning the camera off replaces the track with null (the camera light goes
 * off, the SFU keeps the stream) and turning it on puts a track back, without a new
 * ProduceRequest. Mute is the track's `enabled`. A screen share is produced when
 * it starts and closed (UnpublishRequest) when it stops. Operations on one source run in order.
 */
export class Sender {
  readonly #transport: types.Transport;
  readonly #device: types.Device;
  readonly #unpublish: (source: LocalSource) => Promise<void>;
  readonly #producers = new Map<LocalSource, types.Producer>();
  readonly #queues = new Map<LocalSource, Promise<void>>();
  #closed = false;

  constructor(transport: types.Transport, device: types.Device, unpublish: (source: LocalSource) => Promise<void>) {
    this.#transport = transport;
    this.#device = device;
    this.#unpublish = unpublish;
  }

  /** Whether the transport carries media: only then does its state matter. */
  get inUse(): boolean {
    return this.#producers.size > 0;
  }

  has(source: LocalSource): boolean {
    return this.#producers.has(source);
  }

  /** Makes `source` send `track` (null: send nothing, keep the producer). */
  setTrack(source: LocalSource, track: MediaStreamTrack | null): Promise<void> {
    return this.#queue(source, async () => {
      const producer = this.#producers.get(source);
      if (producer) {
        if (producer.track !== track) await producer.replaceTrack({ track });
        return;
      }
      if (track) await this.#produce(source, track);
    });
  }

  /** Stops sending `source` for good (a screen share that ended): closes its producer. */
  stop(source: LocalSource): Promise<void> {
    return this.#queue(source, async () => {
      const producer = this.#producers.get(source);
      if (!producer) return;
      this.#producers.delete(source);
      producer.close();
      await this.#unpublish(source);
    });
  }

  async #produce(source: LocalSource, track: MediaStreamTrack): Promise<void> {
    const options = (encodings?: readonly RTCRtpEncodingParameters[]): types.ProducerOptions => ({
      track,
      ...(encodings ? { encodings: encodings.map((e) => ({ ...e })) } : {}),
      ...(source === 'camera' ? { codecOptions: { videoGoogleStartBitrate: 1000 } } : {}),
      ...(this.#vp8() && source !== 'microphone' ? { codec: this.#vp8() } : {}),
      // The tracks are selfMedia's: it stops them (camera light) and mutes them (enabled).
      stopTracks: false,
      disableTrackOnPause: false,
      zeroRtpOnPause: false,
      appData: { source },
    });
    let producer: types.Producer;
    if (source === 'camera') {
      try {
        producer = await this.#transport.produce(options(CAMERA_ENCODINGS));
      } catch (error) {
        if (this.#closed) throw error;
        log.info('simulcast refused; sending one layer', error);
        producer = await this.#transport.produce(options(SINGLE_ENCODING));
      }
    } else {
      producer = await this.#transport.produce(source === 'screen' ? options([SCREEN_ENCODING]) : options());
    }
    if (this.#closed) {
      producer.close();
      return;
    }
    this.#producers.set(source, producer);
  }

  /** VP8 first where the router offers it (cheap to decode everywhere, simulcast works best). */
  #vp8(): types.RtpCodecCapability | undefined {
    return this.#device.rtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === 'video/vp8');
  }

  #queue(source: LocalSource, task: () => Promise<void>): Promise<void> {
    const next = (this.#queues.get(source) ?? Promise.resolve()).then(() => (this.#closed ? undefined : task()));
    this.#queues.set(
      source,
      next.catch(() => undefined),
    );
    return next;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const producer of this.#producers.values()) producer.close();
    this.#producers.clear();
  }
}
