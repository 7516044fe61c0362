/**
 * A lesson participant for integration tests: the real signaling protocol (TestClient) plus real
 * WebRTC: mediasoup-client on @roamhq/wrtc (lessonTransport.ts), consuming what ConsumersChanged
 * announces. It joins with a link token, publishes microphone and camera if asked, and starts its
 * media over after a MediaReset, as the browser client does.
 */
import { consumersChangeOf, routerCapabilities, TransportSignal } from '../bench/lib/transportSignal.js';
import type { classroom } from '../proto/index.js';
import { LessonTransport } from './lessonTransport.js';
import { waitFor, type StreamCounters } from './mediaSources.js';
import { TestClient } from './wsClient.js';

export class LessonBot {
  readonly client: TestClient;
  participantId = '';
  /** The join's route ticket: a bot coming back after its node died presents it (docs/cluster.md "A node dies"). */
  routeTicket = '';
  /** The bot's media: its transports, producers and consumers. */
  readonly transport: LessonTransport;
  readonly errors: unknown[] = [];
  resets = 0;
  readonly #publish: boolean;
  #chain = Promise.resolve();

  private constructor(client: TestClient, publish: boolean, transport: LessonTransport) {
    this.client = client;
    this.#publish = publish;
    this.transport = transport;
  }

  /**
   * Connects, joins with `token` (and `routeTicket`, coming back after a node died), and (if
   * `publish`) publishes microphone and camera.
   */
  static async join(wsUrl: string, token: string, options: { publish: boolean; name?: string; routeTicket?: string }): Promise<LessonBot> {
    const client = await TestClient.connect(wsUrl);
    const answer = await client.join({ joinToken: token, displayName: options.name ?? '', micOn: options.publish, cameraOn: options.publish, routeTicket: options.routeTicket ?? '' });
    if (answer.body !== 'join') {
      client.close();
      throw new Error(`join failed: ${answer.body === 'redirect' ? `redirected to ${answer.redirect?.node}` : answer.error?.message}`);
    }
    const bot = new LessonBot(client, options.publish, new LessonTransport(new TransportSignal(client), routerCapabilities(answer.join ?? {})));
    bot.participantId = answer.join?.participantId ?? '';
    bot.routeTicket = answer.join?.routeTicket ?? '';
    // Transports serve both directions: a bot that only receives needs them too.
    bot.#enqueue(() => bot.#startTransport());
    bot.#watch();
    await bot.#chain;
    return bot;
  }

  /** (Re)starts the media: MediaSetup, then the microphone and the camera if publishing. */
  async #startTransport(): Promise<void> {
    await this.transport.setup();
    if (this.#publish) await this.transport.publish(true);
  }

  /** "participantId/source" of every stream this bot receives now. */
  streams(): string[] {
    return this.transport.streams();
  }

  /** Counters of what this bot receives from `participantId`'s `source`. */
  async received(participantId: string, source: 'microphone' | 'camera' | 'screen'): Promise<StreamCounters | undefined> {
    return (await this.transport.counters()).get(`${participantId}/${source}`);
  }

  /**
   * Waits until media of `participantId`'s `source` arrives (video: decoded frames too), on
   * whatever receive transport the bot has by then (a MediaReset replaces it).
   */
  waitFlowing(participantId: string, source: 'microphone' | 'camera' | 'screen', timeoutMs = 15_000): Promise<StreamCounters> {
    const baseline = new Map<object, StreamCounters | undefined>();
    return waitFor(
      `media of ${participantId}/${source}`,
      async () => {
        // The receive transport in use now (a MediaReset replaces it; the LessonTransport
        // outlives it): its counters start from 0.
        const sub: object | undefined = this.transport.receiving;
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
    this.transport.close();
    this.client.close();
  }

  #watch(): void {
    const seen = new Set<classroom.v1.ServerMessage>();
    const poll = setInterval(() => {
      for (const m of this.client.pushes) {
        if (seen.has(m)) continue;
        seen.add(m);
        const change = consumersChangeOf(m);
        if (change) this.#enqueue(async () => this.transport.apply(change));
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

  /** As the client does after MediaReset: fresh transports, publish again. */
  async #reset(): Promise<void> {
    this.resets++;
    await this.#startTransport();
  }
}

export { waitFor };
