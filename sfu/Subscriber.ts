/**
 * A peer's subscriber connection: one multistream VideoRoom handle, created when the peer
 * first has something to receive. Janus offers, the peer answers.
 *
 * The wanted set is declarative: reconcile() compares what the caller wants (and is published
 * now) with what the handle carries and sends one join/update for the difference. At most one
 * offer is outstanding: while an offer waits for its answer (or Janus owes us one after an
 * `updating` reply), reconcile() does nothing and runs again once the answer arrived. Offers
 * Janus makes on its own (a publisher left) are surfaced the same way.
 */
import { SerialQueue, type Logger } from '../platform/index.js';
import type { JanusSession, Jsep, VideoRoomHandle } from './janusClient.js';
import { janusErrorCode } from './janusErrors.js';
import { substreamFor } from './layers.js';
import type { IceCandidate, StreamRef, SubscribedStream, SubscriberOffer, VideoLayer } from './MediaEngineTypes.js';
import type { PublisherStream } from './Publisher.js';
import { assertSdp } from './sdp.js';

export interface SubscriberContext {
  session: JanusSession;
  janusRoomId: number;
  log: Logger;
  /** The stream `ref` names, if it is published now. */
  resolve(ref: StreamRef): PublisherStream | undefined;
  /** The published stream Janus knows as (feed, mid), if any. */
  streamOf(feedId: number, mid: string): PublisherStream | undefined;
  /** The next offer revision of the room (never reused, so it increases for every peer). */
  nextRevision(): number;
  offer(peerId: string, offer: SubscriberOffer): void;
}

/** One m-line of the subscription as last offered. */
interface Slot {
  ref: StreamRef;
  feedId: number;
  feedMid: string;
  kind: 'audio' | 'video';
  encodings: number;
  /** What Janus was last told for this m-line. */
  send: boolean;
  substream: number | undefined;
  /** The substream Janus last reported relaying (switches complete on the next keyframe). */
  relaying: number | undefined;
}

/** How long a substream switch may take before the keyframe request is repeated, and how often. */
const SWITCH_CHECK_MS = 1_000;
const SWITCH_ATTEMPTS = 4;
/** VideoRoom error "No such feed". */
const NO_SUCH_FEED = 428;

/** One entry of a join/update `subscribe` list. */
interface StreamSpec {
  feed: number;
  mid: string;
  substream?: number;
}

export const refKey = (ref: StreamRef): string => JSON.stringify([ref.peerId, ref.label]);
const bindingKey = (ref: StreamRef, feedId: number, feedMid: string) => JSON.stringify([ref.peerId, ref.label, feedId, feedMid]);

interface JanusStream {
  mid?: unknown;
  type?: unknown;
  active?: unknown;
  feed_id?: unknown;
  feed_mid?: unknown;
}

export class Subscriber {
  readonly peerId: string;
  readonly #ctx: SubscriberContext;
  readonly #queue: SerialQueue;
  #handle: VideoRoomHandle | null = null;
  #wanted = new Map<string, StreamRef>();
  readonly #layers = new Map<string, VideoLayer>();
  #slots = new Map<string, Slot>(); // by subscription mid
  /** Revision of the offer waiting for its answer. */
  #awaiting: number | null = null;
  /** Janus replied `updating`: it will send an offer once the previous one is answered. */
  #offerOwed = false;
  #reconcileQueued: Promise<void> | null = null;
  readonly #timers = new Set<NodeJS.Timeout>();
  /** Consecutive reconciles that raced with a leaving publisher. */
  #feedRetries = 0;
  #closed = false;

  constructor(peerId: string, ctx: SubscriberContext) {
    this.peerId = peerId;
    this.#ctx = ctx;
    this.#queue = new SerialQueue(`subscriber of ${peerId}`);
  }

  get closed(): boolean {
    return this.#closed;
  }

  get wantsSomething(): boolean {
    return this.#wanted.size > 0 || this.#handle !== null;
  }

  /** Replaces the wanted set and reconciles. */
  setWanted(refs: readonly StreamRef[]): Promise<void> {
    this.#wanted = new Map(refs.map((r) => [refKey(r), { peerId: r.peerId, label: r.label }]));
    return this.reconcile();
  }

  setLayer(ref: StreamRef, layer: VideoLayer): Promise<void> {
    this.#layers.set(refKey(ref), layer);
    return this.#queue.push(() => this.#applyLayers());
  }

  /** Schedules one reconcile; concurrent calls before it starts share it. */
  reconcile(): Promise<void> {
    if (this.#reconcileQueued) return this.#reconcileQueued;
    const p = this.#queue.push(async () => {
      this.#reconcileQueued = null;
      await this.#reconcile();
    });
    this.#reconcileQueued = p;
    p.catch(() => undefined);
    return p;
  }

  answer(revision: number, answerSdp: string): Promise<void> {
    return this.#queue.push(async () => {
      if (revision !== this.#awaiting || !this.#handle) {
        this.#ctx.log.debug({ peer: this.peerId, revision, awaiting: this.#awaiting }, 'sfu: stale subscriber answer ignored');
        return;
      }
      assertSdp(answerSdp);
      await this.#handle.request({ request: 'start' }, { type: 'answer', sdp: answerSdp });
      if (this.#closed) return;
      this.#awaiting = null;
      // Changes asked for while the offer was out are applied now.
      void this.reconcile().catch((err: unknown) => this.#ctx.log.warn({ err, peer: this.peerId }, 'sfu: subscriber reconcile failed'));
    });
  }

  trickle(candidate: IceCandidate | null): Promise<void> {
    return this.#queue.push(async () => {
      if (this.#handle) await this.#handle.trickle(candidate);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    const handle = this.#handle;
    this.parentClosed();
    await handle?.detach();
  }

  parentClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.close();
    this.#handle = null;
    this.#slots.clear();
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  async #reconcile(): Promise<void> {
    try {
      await this.#reconcileOnce();
      this.#feedRetries = 0;
    } catch (err) {
      // A feed that went away between our look-up and Janus's: try again with fresh state.
      if (janusErrorCode((err as Error).cause) !== NO_SUCH_FEED || this.#closed || this.#feedRetries >= 5) throw err;
      this.#feedRetries++;
      this.#ctx.log.debug({ peer: this.peerId }, 'sfu: subscription raced with a leaving publisher, retrying');
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.reconcile().catch((e: unknown) => this.#ctx.log.warn({ err: e, peer: this.peerId }, 'sfu: subscriber reconcile failed'));
      }, 250);
      timer.unref();
      this.#timers.add(timer);
    }
  }

  async #reconcileOnce(): Promise<void> {
    if (this.#closed || this.#awaiting !== null || this.#offerOwed) return;
    const desired = new Map<string, PublisherStream>();
    for (const ref of this.#wanted.values()) {
      const s = this.#ctx.resolve(ref);
      if (s) desired.set(bindingKey(ref, s.feedId, s.mid), s);
    }
    const current = new Set([...this.#slots.values()].map((slot) => bindingKey(slot.ref, slot.feedId, slot.feedMid)));
    const subscribe = [...desired].filter(([k]) => !current.has(k)).map(([, s]) => this.#streamSpec(s));
    const unsubscribe = [...this.#slots]
      .filter(([, slot]) => !desired.has(bindingKey(slot.ref, slot.feedId, slot.feedMid)))
      .map(([mid]) => ({ sub_mid: mid }));
    if (subscribe.length === 0 && unsubscribe.length === 0) return this.#applyLayers();
    if (!this.#handle) {
      if (subscribe.length === 0) return;
      await this.#join(subscribe);
    } else {
      const body: Record<string, unknown> = { request: 'update' };
      if (subscribe.length > 0) body.subscribe = subscribe;
      if (unsubscribe.length > 0) body.unsubscribe = unsubscribe;
      const reply = await this.#handle.request(body);
      if (this.#closed) return;
      if (reply.data.videoroom === 'updating') this.#offerOwed = true;
      else if (reply.jsep) this.#onOffer(reply.data.streams, reply.jsep, new Map(subscribe.map((s) => [`${s.feed}/${s.mid}`, s])));
    }
    await this.#applyLayers();
  }

  async #join(subscribe: StreamSpec[]): Promise<void> {
    const handle = await this.#ctx.session.attachVideoRoom();
    if (this.#closed) {
      await handle.detach();
      return;
    }
    handle.on({
      updated: (data, jsep) => {
        if (!jsep) return;
        void this.#queue.push(() => this.#onOffer(data.streams, jsep, new Map())).catch(() => undefined);
      },
      substream: (mid, substream) => {
        const slot = handle === this.#handle ? this.#slots.get(mid) : undefined;
        if (slot) slot.relaying = substream;
      },
      hangup: (reason) => void this.#queue.push(() => this.#connectionLost(handle, reason)).catch(() => undefined),
      detached: () => void this.#queue.push(() => this.#connectionLost(handle, 'handle detached')).catch(() => undefined),
    });
    this.#handle = handle;
    try {
      const reply = await handle.request({ request: 'join', ptype: 'subscriber', room: this.#ctx.janusRoomId, streams: subscribe });
      if (this.#closed) return;
      if (!reply.jsep) throw new Error('Janus did not offer the subscription');
      this.#onOffer(reply.data.streams, reply.jsep, new Map(subscribe.map((s) => [`${s.feed}/${s.mid}`, s])));
    } catch (err) {
      this.#handle = null;
      await handle.detach();
      throw err;
    }
  }

  #streamSpec(s: PublisherStream): StreamSpec {
    const spec: StreamSpec = { feed: s.feedId, mid: s.mid };
    if (s.kind === 'video' && s.encodings > 1) {
      const layer = this.#layers.get(refKey(s)) ?? 'high';
      spec.substream = substreamFor(layer === 'off' ? 'low' : layer, s.encodings);
    }
    return spec;
  }

  /** A new offer from Janus: rebuild the m-line map from its `streams` and surface it. */
  #onOffer(streams: unknown, jsep: Jsep, requested: Map<string, StreamSpec>): void {
    if (this.#closed || jsep.type !== 'offer') return;
    const slots = new Map<string, Slot>();
    for (const raw of Array.isArray(streams) ? (streams as JanusStream[]) : []) {
      if (raw.active === false || typeof raw.mid !== 'string' || typeof raw.feed_id !== 'number' || typeof raw.feed_mid !== 'string') continue;
      if (raw.type !== 'audio' && raw.type !== 'video') continue;
      const previous = this.#slots.get(raw.mid);
      const same = previous && previous.feedId === raw.feed_id && previous.feedMid === raw.feed_mid;
      const published = this.#ctx.streamOf(raw.feed_id, raw.feed_mid);
      const ref = same ? previous.ref : published ? { peerId: published.peerId, label: published.label } : undefined;
      if (!ref) continue; // a stream of a publisher that is leaving
      slots.set(raw.mid, {
        ref,
        feedId: raw.feed_id,
        feedMid: raw.feed_mid,
        kind: raw.type,
        encodings: published?.encodings ?? previous?.encodings ?? 1,
        send: same ? previous.send : true,
        substream: same ? previous.substream : requested.get(`${raw.feed_id}/${raw.feed_mid}`)?.substream,
        relaying: same ? previous.relaying : undefined,
      });
    }
    this.#slots = slots;
    this.#offerOwed = false;
    const revision = this.#ctx.nextRevision();
    this.#awaiting = revision;
    const list: SubscribedStream[] = [...slots].map(([mid, s]) => ({ peerId: s.ref.peerId, label: s.ref.label, mid, kind: s.kind }));
    this.#ctx.offer(this.peerId, { revision, sdp: jsep.sdp, streams: list });
  }

  /** Sends Janus the layer (substream) and on/off state the caller chose for each video m-line. */
  async #applyLayers(): Promise<void> {
    for (const [mid, slot] of this.#slots) {
      if (slot.kind !== 'video' || !this.#handle) continue;
      const layer = this.#layers.get(refKey(slot.ref)) ?? 'high';
      const send = layer !== 'off';
      const substream = slot.encodings > 1 ? substreamFor(layer === 'off' ? 'low' : layer, slot.encodings) : undefined;
      const current = slot.substream ?? (slot.encodings > 1 ? substreamFor('high', slot.encodings) : undefined);
      if (send === slot.send && substream === current) continue;
      // Only what changed: each of `send: true` and `substream` makes Janus ask for a keyframe.
      const body: Record<string, unknown> = { request: 'configure', mid };
      if (send !== slot.send) body.send = send;
      if (substream !== undefined && substream !== current) body.substream = substream;
      await this.#handle.request(body);
      if (this.#closed) return;
      slot.send = send;
      slot.substream = substream;
      if (body.substream !== undefined && send) this.#watchSwitch(mid, slot, 1);
    }
  }

  /**
   * Janus switches substream on the next keyframe of the target layer and asks the publisher
   * for one, but libwebrtc ignores a keyframe request that comes soon after the previous one
   * (measured: a switch asked right after a subscription never completed). So the request is
   * repeated until Janus reports the switch, a few times at most.
   */
  #watchSwitch(mid: string, slot: Slot, attempt: number): void {
    const target = slot.substream;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (this.#closed || this.#slots.get(mid) !== slot || slot.substream !== target || slot.relaying === target || !slot.send) return;
      void this.#queue
        .push(async () => {
          if (!this.#handle || this.#slots.get(mid) !== slot || slot.substream !== target || slot.relaying === target) return;
          await this.#handle.request({ request: 'configure', mid, substream: target });
          if (attempt < SWITCH_ATTEMPTS) this.#watchSwitch(mid, slot, attempt + 1);
        })
        .catch(() => undefined);
    }, SWITCH_CHECK_MS);
    timer.unref();
    this.#timers.add(timer);
  }

  /** Janus dropped this subscriber's PeerConnection; a later reconcile starts a fresh one. */
  async #connectionLost(handle: VideoRoomHandle, reason: string): Promise<void> {
    if (this.#closed || handle !== this.#handle) return;
    this.#ctx.log.info({ peer: this.peerId, reason }, 'sfu: subscriber connection lost');
    this.#handle = null;
    this.#slots.clear();
    this.#awaiting = null;
    this.#offerOwed = false;
    await handle.detach();
  }
}
