/**
 * "Who is speaking" for one router: an AudioLevelObserver decides who is talking (each peer's
 * change reported once), an ActiveSpeakerObserver who speaks most (the dominant speaker). Every
 * audio producer of the room is added to both; mediasoup drops a producer from them when it
 * closes, and audioGone() reports that peer silent.
 */
import type { types } from 'mediasoup';
import type { Logger } from '../../platform/index.js';
import type { ResolvedMediasoupOptions } from './MediasoupEngineTypes.js';

export interface SpeakersHooks {
  log: Logger;
  talking(peerId: string, talking: boolean): void;
  activeSpeaker(peerId: string | null): void;
}

/** The peer a producer belongs to (set in its appData by RoomOnWorker). */
export function peerOfProducer(producer: types.Producer): string | undefined {
  const peerId = (producer.appData as { peerId?: unknown }).peerId;
  return typeof peerId === 'string' ? peerId : undefined;
}

export class Speakers {
  readonly #levels: types.AudioLevelObserver;
  readonly #active: types.ActiveSpeakerObserver;
  readonly #hooks: SpeakersHooks;
  #talking = new Set<string>();
  #dominant: string | null = null;
  #closed = false;

  private constructor(levels: types.AudioLevelObserver, active: types.ActiveSpeakerObserver, hooks: SpeakersHooks) {
    this.#levels = levels;
    this.#active = active;
    this.#hooks = hooks;
    levels.on('volumes', (volumes) => this.#setTalking(volumes.map((v) => peerOfProducer(v.producer))));
    levels.on('silence', () => this.#setTalking([]));
    active.on('dominantspeaker', ({ producer }) => {
      const peerId = peerOfProducer(producer);
      if (this.#closed || peerId === undefined || peerId === this.#dominant) return;
      this.#dominant = peerId;
      this.#hooks.activeSpeaker(peerId);
    });
  }

  static async create(router: types.Router, options: ResolvedMediasoupOptions, hooks: SpeakersHooks): Promise<Speakers> {
    const levels = await router.createAudioLevelObserver({
      maxEntries: 64,
      threshold: options.talking.thresholdDb,
      interval: options.talking.intervalMs,
    });
    const active = await router.createActiveSpeakerObserver({ interval: options.activeSpeakerIntervalMs });
    return new Speakers(levels, active, hooks);
  }

  /** Listens to a new audio producer. A producer that closed meanwhile is skipped. */
  async add(producer: types.Producer): Promise<void> {
    const producerId = producer.id;
    try {
      await Promise.all([this.#levels.addProducer({ producerId }), this.#active.addProducer({ producerId })]);
    } catch (err) {
      if (!producer.closed && !this.#closed) this.#hooks.log.warn({ err, producerId }, 'sfu: audio producer not observed');
    }
  }

  /** The peer's audio is gone (unpublished, peer removed): it no longer talks or dominates. */
  audioGone(peerId: string): void {
    if (this.#closed) return;
    if (this.#talking.delete(peerId)) this.#hooks.talking(peerId, false);
    if (this.#dominant === peerId) {
      this.#dominant = null;
      this.#hooks.activeSpeaker(null);
    }
  }

  /** The router closed (with the observers): report nothing any more. */
  closed(): void {
    this.#closed = true;
  }

  #setTalking(peers: Array<string | undefined>): void {
    if (this.#closed) return;
    const now = new Set(peers.filter((p): p is string => p !== undefined));
    for (const p of this.#talking) if (!now.has(p)) this.#hooks.talking(p, false);
    for (const p of now) if (!this.#talking.has(p)) this.#hooks.talking(p, true);
    this.#talking = now;
  }
}
