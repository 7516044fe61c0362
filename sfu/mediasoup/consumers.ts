/**
 * A peer's consumers follow what it wants (declarative subscriptions): reconcileConsumers()
 * closes the consumers that are no longer wanted or whose producer changed, and creates, paused,
 * those that are wanted, published and decodable by the peer; the difference is announced in one
 * `consumersChanged`. A consumer starts flowing when the peer resumes it (resumeConsumer), at the
 * layer it was asked for (applyLayer: 'off' keeps it paused).
 *
 * Runs inside the room's serial queue; the producer may still close during an await (its peer's
 * transport lost, the worker died): every await is followed by a re-check.
 */
import type { types } from 'mediasoup';
import type { Logger } from '../../platform/index.js';
import { streamKey } from '../checks.js';
import type { StreamRef, VideoLayer } from '../MediaEngineTypes.js';
import type { SfuMetrics } from '../metrics.js';
import type { ConsumerOptions, ConsumersChange } from '../TransportNegotiationTypes.js';
import { traceKeyFrames } from './keyFrameTrace.js';
import { spatialLayerFor } from './layers.js';
import { parametersFromMediasoup } from './ortcMapping.js';
import type { ConsumerEntry, Peer } from './Peer.js';
import { timed } from './timed.js';

export interface ConsumerContext {
  metrics: SfuMetrics;
  log: Logger;
  closed(): boolean;
  /** The producer of a published stream, if any (on its publisher's router). */
  producerOf(ref: StreamRef): types.Producer | undefined;
  /** Whether a device with `caps` can decode `producer` (asked of the producer's own router). */
  canConsume(producer: types.Producer, caps: types.RtpCapabilities): boolean;
  /**
   * `producer` on the router of `peer`'s transports: itself, or its pipe producer there (the
   * same id; made once per router, the cascade). Undefined when it closed meanwhile.
   */
  onRouterOf(peer: Peer, producer: types.Producer): Promise<types.Producer | undefined>;
  announce(peerId: string, change: ConsumersChange): void;
}

export function consumerOptions(entry: ConsumerEntry): ConsumerOptions {
  const c = entry.consumer;
  return {
    id: c.id,
    producerId: entry.producerId,
    peerId: entry.ref.peerId,
    label: entry.ref.label,
    kind: c.kind,
    rtpParameters: parametersFromMediasoup(c.rtpParameters),
  };
}

/** Creates a paused consumer of `producer` for `peer`; undefined when the producer went meanwhile. */
async function createConsumer(ctx: ConsumerContext, peer: Peer, recv: types.WebRtcTransport, ref: StreamRef, producer: types.Producer): Promise<ConsumerEntry | undefined> {
  const key = streamKey(ref);
  const layer = peer.layers.get(key) ?? 'high';
  const encodings = producer.rtpParameters.encodings?.length ?? 1;
  const preferred = layer === 'off' ? 'low' : layer;
  let consumer: types.Consumer;
  let onRouter: types.Producer | undefined;
  try {
    // The consumer takes the copy on the peer's router (the same producer id).
    onRouter = await ctx.onRouterOf(peer, producer);
    if (!onRouter || recv.closed) return undefined;
    consumer = await timed(ctx.metrics, 'consume', () =>
      recv.consume({
        producerId: producer.id,
        rtpCapabilities: peer.caps ?? {},
        paused: true,
        ...(encodings > 1 ? { preferredLayers: { spatialLayer: spatialLayerFor(preferred, encodings) } } : {}),
        appData: { peerId: peer.id, stream: ref },
      }),
    );
  } catch (err) {
    // The producer (or the peer's transport) closed while the consumer was being created.
    if (!producer.closed && !recv.closed && !ctx.closed()) ctx.log.warn({ err, peer: peer.id, stream: ref }, 'sfu: consumer not created');
    return undefined;
  }
  ctx.metrics.resourceOpened('consumer');
  consumer.observer.once('close', () => ctx.metrics.resourceClosed('consumer'));
  consumer.on('producerclose', () => {
    // Normally the room closes consumers itself when it closes a producer; this is the fallback.
    if (peer.consumers.get(key)?.consumer !== consumer) return;
    peer.consumers.delete(key);
    ctx.announce(peer.id, { added: [], removed: [consumer.id] });
  });
  consumer.on('transportclose', () => {
    if (peer.consumers.get(key)?.consumer === consumer) peer.consumers.delete(key);
  });
  traceKeyFrames(ctx.log, 'consumer', consumer, { peer: peer.id, stream: ref });
  return { consumer, ref, producerId: producer.id, producer: onRouter, encodings, resumedByPeer: false, applied: layer === 'off' ? undefined : layer };
}

/** Brings `peer`'s consumers in line with what it wants and what is published; announces the change. */
export async function reconcileConsumers(ctx: ConsumerContext, peer: Peer): Promise<void> {
  const removed: string[] = [];
  for (const [key, entry] of peer.consumers) {
    const producer = ctx.producerOf(entry.ref);
    if (peer.wanted.has(key) && producer && producer.id === entry.producerId && !entry.consumer.closed) continue;
    peer.consumers.delete(key);
    // A closed producer took its consumers with it in the worker; closing one again there is
    // refused ("Consumer not found", logged as an error on every publisher's leave) before the
    // worker's notice of it reaches this side.
    if (!entry.producer.closed) entry.consumer.close();
    removed.push(entry.consumer.id);
  }
  const added: ConsumerOptions[] = [];
  const recv = peer.recv;
  const caps = peer.caps;
  if (recv && !recv.closed && caps) {
    const missing: Array<[string, StreamRef, types.Producer]> = [];
    for (const [key, ref] of peer.wanted) {
      if (peer.consumers.has(key)) continue;
      const producer = ctx.producerOf(ref);
      if (!producer || producer.closed) continue;
      if (!ctx.canConsume(producer, caps)) {
        ctx.log.debug({ peer: peer.id, stream: ref }, 'sfu: peer cannot decode the stream; not offered');
        continue;
      }
      missing.push([key, ref, producer]);
    }
    // Asked of the worker together: one round trip for a peer that rejoins a room of twelve
    // streams, not twelve in a row that the room's queue (and every request behind it) waits for.
    const created = await Promise.all(missing.map(([, ref, producer]) => createConsumer(ctx, peer, recv, ref, producer)));
    missing.forEach(([key, , producer], i) => {
      const entry = created[i];
      if (!entry) return;
      if (ctx.closed() || peer.recv !== recv || !peer.wanted.has(key) || producer.closed || peer.consumers.has(key)) {
        entry.consumer.close();
        return;
      }
      peer.consumers.set(key, entry);
      added.push(consumerOptions(entry));
    });
  }
  if (!ctx.closed() && (added.length > 0 || removed.length > 0)) ctx.announce(peer.id, { added, removed });
}

/**
 * Applies `layer` to a consumer: 'off' pauses it; otherwise its preferred spatial layer (the
 * most mediasoup's bandwidth estimation may pick) and, once the peer resumed it, it runs, with
 * a keyframe request when it starts again.
 */
export async function applyLayer(ctx: ConsumerContext, entry: ConsumerEntry, layer: VideoLayer): Promise<void> {
  const c = entry.consumer;
  if (c.closed) return;
  try {
    if (layer === 'off') {
      if (!c.paused) await timed(ctx.metrics, 'pauseConsumer', () => c.pause());
      return;
    }
    // Sent together: mediasoup's channel delivers requests in order and the worker handles them
    // one by one in that order, so this is the sequence layer → resume → key frame at the cost of
    // one round trip instead of three (each one a wait for everything behind it in the room's queue).
    const calls: Array<Promise<void>> = [];
    if (c.type === 'simulcast' && entry.applied !== layer) {
      calls.push(timed(ctx.metrics, 'setPreferredLayers', () => c.setPreferredLayers({ spatialLayer: spatialLayerFor(layer, entry.encodings) })));
    }
    if (entry.resumedByPeer && c.paused) {
      calls.push(timed(ctx.metrics, 'resumeConsumer', () => c.resume()));
      if (c.kind === 'video') calls.push(timed(ctx.metrics, 'requestKeyFrame', () => c.requestKeyFrame()));
    }
    const failed = (await Promise.allSettled(calls)).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    entry.applied = layer;
  } catch (err) {
    if (c.closed || ctx.closed()) return; // closed meanwhile: nothing left to apply
    throw err;
  }
}
