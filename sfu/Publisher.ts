/**
 * A peer's publisher connection: one VideoRoom handle joined as a publisher with its own feed
 * id. The peer offers and Janus answers; every negotiation, trickle and mute of this handle
 * goes through one serial queue, so a trickled candidate always reaches Janus after the offer
 * it belongs to.
 *
 * Streams count as published only once the PeerConnection is up (Janus `webrtcup`): before
 * that, Janus refuses subscriptions to the feed ("No such feed").
 */
import {
  ClosedError,
  MediaError,
  SerialQueue,
  ValidationError,
  newNumericId,
  type Logger,
} from '../platform/index.js';
import type { JanusSession, VideoRoomHandle } from './janusClient.js';
import type { IceCandidate, MediaKind, PublishTrack, PublishedStream } from './MediaEngineTypes.js';
import { assertSdp, parseMediaSections, receives, sends, type MediaSection } from './sdp.js';

/** A published stream with what the engine needs to subscribe to it. */
export interface PublisherStream extends PublishedStream {
  feedId: number;
  /** Simulcast encodings Janus accepted (1 without simulcast). */
  encodings: number;
}

export interface PublisherContext {
  session: JanusSession;
  janusRoomId: number;
  log: Logger;
  /** Whether the room's server-side mute is on for this peer's `label`. */
  isDisabled(peerId: string, label: string): boolean;
  /** The set of streams of this publisher changed (published, unpublished, connection lost). */
  streamsChanged(publisher: Publisher): void;
}

const MAX_LABEL_LENGTH = 64;

function checkTracks(tracks: readonly PublishTrack[]): void {
  const mids = new Set<string>();
  const labels = new Set<string>();
  for (const t of tracks) {
    if (typeof t.mid !== 'string' || t.mid.length === 0 || t.mid.length > 32) throw new ValidationError('invalid track mid');
    if (typeof t.label !== 'string' || t.label.length === 0 || t.label.length > MAX_LABEL_LENGTH) {
      throw new ValidationError('invalid track label');
    }
    if (mids.has(t.mid) || labels.has(t.label)) throw new ValidationError('each track needs its own mid and label');
    mids.add(t.mid);
    labels.add(t.label);
  }
}

function kindOf(section: MediaSection | undefined): MediaKind | undefined {
  return section?.kind === 'audio' || section?.kind === 'video' ? section.kind : undefined;
}

export class Publisher {
  readonly peerId: string;
  readonly #ctx: PublisherContext;
  readonly #queue: SerialQueue;
  #feedId = newNumericId();
  #handle: VideoRoomHandle | null = null;
  /** Whether #handle has joined the room as a publisher (then renegotiations use configure). */
  #joined = false;
  #streams: PublisherStream[] = [];
  /** Whether Janus reported the PeerConnection of #handle up. */
  #connected = false;
  /** Mids we told Janus not to relay (unlabelled or muted). */
  readonly #muted = new Set<string>();
  #closed = false;

  constructor(peerId: string, ctx: PublisherContext) {
    this.peerId = peerId;
    this.#ctx = ctx;
    this.#queue = new SerialQueue(`publisher of ${peerId}`);
  }

  get closed(): boolean {
    return this.#closed;
  }

  get feedId(): number {
    return this.#feedId;
  }

  /** The streams subscribers can receive now (none until the connection is up). */
  get streams(): readonly PublisherStream[] {
    return this.#connected ? this.#streams : [];
  }

  /** Publishes or renegotiates; resolves with Janus's answer. */
  async publish(offerSdp: string, tracks: readonly PublishTrack[]): Promise<{ answerSdp: string; streams: PublishedStream[] }> {
    assertSdp(offerSdp);
    checkTracks(tracks);
    const offer = parseMediaSections(offerSdp);
    for (const t of tracks) {
      const section = offer.find((s) => s.mid === t.mid);
      if (!section || !sends(section) || !kindOf(section)) throw new MediaError(`The offer does not send a track with mid ${t.mid}`);
    }
    return this.#queue.push(() => this.#negotiate(offerSdp, offer, tracks));
  }

  /** Applies the room's server-side mute state to this publisher's streams. */
  applyMutes(): Promise<void> {
    return this.#queue.push(() => this.#applyMutes(parseMediaSectionsOfStreams(this.#streams)));
  }

  trickle(candidate: IceCandidate | null): Promise<void> {
    return this.#queue.push(async () => {
      if (!this.#handle) return; // stale: the connection it belonged to is gone
      await this.#handle.trickle(candidate);
    });
  }

  /** Leaves the room: Janus closes the PeerConnection and tells the subscribers. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.parentClosed();
    await this.#handle?.detach();
    this.#handle = null;
  }

  /** The room or the instance is gone: forget everything and tell no remote side. */
  parentClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.close();
    this.#streams = [];
  }

  async #negotiate(sdp: string, offer: MediaSection[], tracks: readonly PublishTrack[]): Promise<{ answerSdp: string; streams: PublishedStream[] }> {
    const handle = await this.#ensureJoinedHandle();
    const jsep = { type: 'offer' as const, sdp };
    const joined = handle.joined;
    let reply;
    try {
      reply = joined
        ? await handle.h.request({ request: 'configure' }, jsep)
        : await handle.h.request({ request: 'joinandconfigure', ptype: 'publisher', room: this.#ctx.janusRoomId, id: this.#feedId }, jsep);
    } catch (err) {
      if (!joined) await this.#dropHandle();
      throw err;
    }
    if (this.#closed) throw new ClosedError(`publisher of ${this.peerId}`);
    this.#joined = true;
    if (reply.jsep?.type !== 'answer') throw new Error('Janus did not answer the publisher offer');
    const answer = parseMediaSections(reply.jsep.sdp);
    const streams: PublisherStream[] = [];
    for (const t of tracks) {
      const accepted = answer.find((s) => s.mid === t.mid);
      const kind = kindOf(offer.find((s) => s.mid === t.mid));
      if (!accepted || !receives(accepted) || !kind) continue; // Janus refused it (codec not allowed in the room)
      const encodings = accepted.recvEncodings;
      streams.push({ peerId: this.peerId, label: t.label, mid: t.mid, kind, simulcast: encodings > 1, feedId: this.#feedId, encodings });
    }
    this.#streams = streams;
    await this.#applyMutes(offer);
    if (this.#closed) throw new ClosedError(`publisher of ${this.peerId}`);
    // A first negotiation is announced on webrtcup; a renegotiation of a live connection now.
    if (this.#connected) this.#ctx.streamsChanged(this);
    return { answerSdp: reply.jsep.sdp, streams: streams.map(publicStream) };
  }

  async #ensureJoinedHandle(): Promise<{ h: VideoRoomHandle; joined: boolean }> {
    if (this.#handle && !this.#handle.detached) return { h: this.#handle, joined: this.#joined };
    const handle = await this.#ctx.session.attachVideoRoom();
    if (this.#closed) {
      await handle.detach();
      throw new ClosedError(`publisher of ${this.peerId}`);
    }
    this.#handle = handle;
    this.#joined = false;
    this.#feedId = newNumericId();
    this.#muted.clear();
    this.#connected = false;
    handle.on({
      webrtcUp: () => this.#connectionUp(handle),
      hangup: (reason) => this.#connectionLost(handle, reason),
      detached: () => this.#connectionLost(handle, 'handle detached'),
    });
    return { h: handle, joined: false };
  }

  async #dropHandle(): Promise<void> {
    const h = this.#handle;
    this.#handle = null;
    this.#joined = false;
    await h?.detach();
  }

  #connectionUp(handle: VideoRoomHandle): void {
    if (this.#closed || handle !== this.#handle || this.#connected) return;
    this.#connected = true;
    if (this.#streams.length > 0) this.#ctx.streamsChanged(this);
  }

  /** Janus lost this publisher's PeerConnection: its streams are no longer relayed. */
  #connectionLost(handle: VideoRoomHandle, reason: string): void {
    if (this.#closed || handle !== this.#handle) return;
    const had = this.streams.length > 0;
    this.#connected = false;
    this.#streams = [];
    this.#ctx.log.info({ peer: this.peerId, reason }, 'sfu: publisher connection lost');
    if (had) this.#ctx.streamsChanged(this);
  }

  /**
   * Tells Janus not to relay the mids that carry no published label or that the room muted,
   * and to relay again the ones that were muted and no longer are. Mutes are re-sent after
   * every negotiation (a renegotiated m-line must not start relaying by surprise).
   */
  async #applyMutes(offer: readonly MediaSection[]): Promise<void> {
    const handle = this.#handle;
    if (!handle || !this.#joined) return;
    for (const section of offer) {
      if (!section.mid || !sends(section)) continue;
      const stream = this.#streams.find((s) => s.mid === section.mid);
      const mute = !stream || this.#ctx.isDisabled(this.peerId, stream.label);
      if (!mute && !this.#muted.has(section.mid)) continue;
      await handle.request({ request: 'configure', mid: section.mid, send: !mute });
      if (this.#closed) return;
      if (mute) this.#muted.add(section.mid);
      else this.#muted.delete(section.mid);
    }
  }
}

/** The public view of a stream (no Janus ids). */
export function publicStream(s: PublisherStream): PublishedStream {
  return { peerId: s.peerId, label: s.label, mid: s.mid, kind: s.kind, simulcast: s.simulcast };
}

/** Sections equivalent to the published streams, for re-applying mutes without a new offer. */
function parseMediaSectionsOfStreams(streams: readonly PublisherStream[]): MediaSection[] {
  return streams.map((s) => ({ kind: s.kind, mid: s.mid, port: 9, direction: 'sendonly', sendEncodings: s.encodings, recvEncodings: s.encodings }));
}
