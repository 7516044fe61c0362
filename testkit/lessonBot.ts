/**
 * A lesson participant for integration tests: the real signaling protocol (TestClient) plus real
 * WebRTC on @roamhq/wrtc, negotiated the way the server says in its JoinResponse:
 * - SDP (Janus): the wrtc bots of mediaBots.ts; answers every SubscriberOffer in order;
 * - transports (mediasoup): mediasoup-client on wrtc (lessonTransport.ts); consumes what
 *   ConsumersChanged announces.
 * It joins with a link token, publishes microphone and camera if asked, and starts its media
 * over after a MediaReset, as the browser client does.
 */
import { consumersChangeOf, routerCapabilities, TransportSignal } from '../bench/lib/transportSignal.js';
import { classroom } from '../proto/index.js';
import type { SubscriberOffer } from '../sfu/index.js';
import { LessonTransport } from './lessonTransport.js';
import { PublisherBot, SubscriberBot, waitFor, type StreamCounters } from './mediaBots.js';
import { TestClient } from './wsClient.js';

const v1 = classroom.v1;
const SOURCE_LABEL: Record<number, string> = {
  [v1.TrackSource.TRACK_SOURCE_MICROPHONE]: 'microphone',
  [v1.TrackSource.TRACK_SOURCE_CAMERA]: 'camera',
  [v1.TrackSource.TRACK_SOURCE_SCREEN]: 'screen',
};
const LABEL_SOURCE: Record<string, classroom.v1.TrackSource> = {
  microphone: v1.TrackSource.TRACK_SOURCE_MICROPHONE,
  camera: v1.TrackSource.TRACK_SOURCE_CAMERA,
  screen: v1.TrackSource.TRACK_SOURCE_SCREEN,
};

export class LessonBot {
  readonly client: TestClient;
  participantId = '';
  /** How the server negotiates, from the JoinResponse. */
  negotiation: 'sdp' | 'transport' = 'sdp';
  publisher: PublisherBot | undefined;
  subscriber = new SubscriberBot();
  /** The transport media (mediasoup servers). */
  transport: LessonTransport | undefined;
  readonly errors: unknown[] = [];
  resets = 0;
  readonly #publish: boolean;
  #chain = Promise.resolve();
  /** SDP: the streams of the last SubscriberOffer, "participantId/source". */
  #offered: string[] = [];

  private constructor(client: TestClient, publish: boolean) {
    this.client = client;
    this.#publish = publish;
  }

  /** Connects, joins with `token`, and (if `publish`) publishes microphone and camera. */
  static async join(wsUrl: string, token: string, options: { publish: boolean; name?: string }): Promise<LessonBot> {
    const bot = new LessonBot(await TestClient.connect(wsUrl), options.publish);
    const answer = await bot.client.join({ joinToken: token, displayName: options.name ?? '', micOn: options.publish, cameraOn: options.publish });
    if (answer.body !== 'join') throw new Error(`join failed: ${answer.error?.message}`);
    bot.participantId = answer.join?.participantId ?? '';
    const caps = routerCapabilities(answer.join ?? {});
    if (caps) {
      bot.negotiation = 'transport';
      bot.transport = new LessonTransport(new TransportSignal(bot.client), caps);
      // Transports serve both directions: a bot that only receives needs them too.
      bot.#enqueue(() => bot.#startTransport());
    }
    bot.#watch();
    if (options.publish && bot.negotiation === 'sdp') await bot.publishMedia();
    await bot.#chain;
    return bot;
  }

  /** (Re)starts the transport media: MediaSetup, then the microphone and the camera if publishing. */
  async #startTransport(): Promise<void> {
    const t = this.transport;
    if (!t) return;
    await t.setup();
    if (this.#publish) await t.publish(true);
  }

  /** "participantId/source" of every stream this bot receives now (SDP: the last offer's). */
  streams(): string[] {
    return this.transport ? this.transport.streams() : this.#offered;
  }

  async publishMedia(): Promise<void> {
    this.publisher?.close();
    const publisher = new PublisherBot({ simulcast: true });
    this.publisher = publisher;
    const { sdp, tracks } = await publisher.offer();
    const r = await this.client.request({ publish: { sdp, tracks: tracks.map((t) => ({ mid: t.mid, source: LABEL_SOURCE[t.label] })) } });
    if (r.body !== 'publish') throw new Error(`publish failed: ${r.error?.message}`);
    await publisher.accept(r.publish?.sdp ?? '');
    await publisher.waitConnected(15_000);
  }

  /** Counters of what this bot receives from `participantId`'s `source`. */
  async received(participantId: string, source: 'microphone' | 'camera' | 'screen'): Promise<StreamCounters | undefined> {
    if (this.transport) return (await this.transport.counters()).get(`${participantId}/${source}`);
    return this.subscriber.of({ peerId: participantId, label: source });
  }

  /**
   * Waits until media of `participantId`'s `source` arrives (video: decoded frames too), on
   * whatever subscriber connection the bot has by then (a MediaReset replaces it).
   */
  waitFlowing(participantId: string, source: 'microphone' | 'camera' | 'screen', timeoutMs = 15_000): Promise<StreamCounters> {
    const baseline = new Map<object, StreamCounters | undefined>();
    return waitFor(
      `media of ${participantId}/${source}`,
      async () => {
        // The receiving side in use now (a MediaReset replaces it): its counters start from 0.
        // With transports, the receive transport itself: the LessonTransport outlives a reset.
        const sub: object | undefined = this.transport ? this.transport.receiving : this.subscriber;
        if (!sub) return undefined;
        const now = await this.received(participantId, source);
        if (!baseline.has(sub)) {
          baseline.set(sub, now);
          return undefined;
        }
        const start = baseline.get(sub);
        if (!now || now.packets < (start?.packets ?? 0) + 8) return undefined;
        if (now.kind === 'video' && now.sinkFrames <= (start?.sinkFrames ?? 0)) return undefined;
        return now;
      },
      timeoutMs,
    );
  }

  /** Packets of a stream over a window, to prove it flows or stopped. */
  async packetsDuring(participantId: string, source: 'microphone' | 'camera', ms: number): Promise<number> {
    const before = (await this.received(participantId, source))?.packets ?? 0;
    await new Promise((r) => setTimeout(r, ms));
    return ((await this.received(participantId, source))?.packets ?? 0) - before;
  }

  close(): void {
    this.publisher?.close();
    this.subscriber.close();
    this.transport?.close();
    this.client.close();
  }

  #watch(): void {
    const seen = new Set<classroom.v1.ServerMessage>();
    const poll = setInterval(() => {
      for (const m of this.client.pushes) {
        if (seen.has(m)) continue;
        seen.add(m);
        if (m.subscriberOffer) this.#enqueue(() => this.#answer(m.subscriberOffer as classroom.v1.SubscriberOffer));
        const change = consumersChangeOf(m);
        if (change) this.#enqueue(async () => this.transport?.apply(change));
        if (m.mediaReset) this.#enqueue(() => this.#reset());
      }
      if (this.client.closeCode !== undefined) clearInterval(poll);
    }, 20);
    poll.unref();
  }

  #enqueue(task: () => Promise<void>): void {
    this.#chain = this.#chain.then(task).catch((err: unknown) => {
      this.errors.push(err);
    });
  }

  async #answer(offer: classroom.v1.SubscriberOffer): Promise<void> {
    const asSfu: SubscriberOffer = {
      revision: offer.revision ?? 0,
      sdp: offer.sdp ?? '',
      streams: (offer.tracks ?? []).map((t) => ({
        mid: t.mid ?? '',
        peerId: t.participantId ?? '',
        label: SOURCE_LABEL[t.source ?? 0] ?? 'unknown',
        kind: t.source === v1.TrackSource.TRACK_SOURCE_MICROPHONE ? 'audio' : 'video',
      })),
    };
    this.#offered = asSfu.streams.map((t) => `${t.peerId}/${t.label}`).sort();
    const sdp = await this.subscriber.answer(asSfu);
    const r = await this.client.request({ subscriberAnswer: { revision: offer.revision ?? 0, sdp } });
    // An answer that meets an engine restart is moot: a MediaReset and a new offer follow (the
    // browser client only logs it too).
    if (r.error?.code === v1.ErrorCode.ERROR_CODE_UNAVAILABLE) return;
    if (r.body !== 'ack') throw new Error(`answer refused: ${r.error?.message}`);
  }

  /** As the client does after MediaReset: fresh connections, publish again, wait for offers. */
  async #reset(): Promise<void> {
    this.resets++;
    if (this.transport) {
      await this.#startTransport();
      return;
    }
    this.subscriber.close();
    this.subscriber = new SubscriberBot();
    if (this.#publish) await this.publishMedia();
  }
}

export { waitFor };
