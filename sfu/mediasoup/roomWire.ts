/**
 * The wire of edge rooms (docs/cluster.md "One lesson over several nodes"): an owner node's media
 * room places a peer's receiving side in the same room on an edge node and calls it there; the
 * edge answers and reports that peer's events. Protobuf (proto/cluster/v1/room.proto) on the
 * cluster bus, signed like the media pipes (wireSigning.ts, its own purpose), addressed, valid 5 s,
 * accepted once, ≤ 64 KiB. Every field is checked and mapped to the engine's types here, with the
 * browser wire's limits for ORTC values (proto/rtp), before anything reaches a room: a forged,
 * stale, replayed, misaddressed, oversized or malformed message is dropped, never answered.
 */
import { newId, type Clock } from '../../platform/index.js';
import {
  classroom,
  dtlsParametersFromProto,
  dtlsParametersToProto,
  iceParametersFromProto,
  iceParametersToProto,
  rtpCapabilitiesFromProto,
  rtpCapabilitiesToProto,
  rtpParametersFromProto,
  rtpParametersToProto,
  transportOptionsFromProto,
  transportOptionsToProto,
} from '../../proto/index.js';
import { cluster } from '../../proto/cluster/index.js';
import { isVideoLayer } from '../checks.js';
import type { StreamRef, VideoLayer } from '../MediaEngineTypes.js';
import type { ConsumerOptions, ConsumersChange, DtlsParameters, IceParameters, RtpCapabilities, TransportOptions } from '../TransportNegotiationTypes.js';
import { WireSigner } from './wireSigning.js';

import pb = cluster.v1;
import cpb = classroom.v1;

/** A change of one peer's consumers carries RtpParameters per stream: a lesson's few, with room to spare. */
export const MAX_ROOM_MESSAGE_BYTES = 64 * 1024;
/** Streams in one subscription list, consumers in one event, peers in one keep. */
export const MAX_ROOM_ITEMS = 256;
const ID_RE = /^[A-Za-z0-9_.:/-]{1,128}$/;
const ERROR_CODES = ['validation', 'not_found', 'unavailable', 'full', 'internal'] as const;
export type RoomErrorCode = (typeof ERROR_CODES)[number];

/** The bus channel a node's edge rooms listen on (both roles). */
export function roomChannel(nodeId: string): string {
  return `sfu-room.${nodeId}`;
}

/** One MediaRoom call for a peer's receiving side. */
export type RoomOp =
  | { op: 'connectPeer'; rtpCapabilities: RtpCapabilities }
  | { op: 'connectTransport'; dtlsParameters: DtlsParameters }
  | { op: 'setSubscriptions'; streams: StreamRef[] }
  | { op: 'setLayer'; stream: StreamRef; layer: VideoLayer }
  | { op: 'resumeConsumer'; consumerId: string }
  | { op: 'restartIce' }
  | { op: 'removePeer' };

export type RoomBody =
  | { kind: 'call'; peerId: string; call: RoomOp }
  | { kind: 'reply'; error?: { code: RoomErrorCode; message: string }; recv?: TransportOptions; ice?: IceParameters }
  | { kind: 'event'; peerId: string; change?: ConsumersChange; reset?: string }
  | { kind: 'keep' | 'kept'; peers: string[] };

export interface RoomEnvelope {
  from: string;
  room: string;
  callId: number;
  body: RoomBody;
}

export class RoomWire {
  readonly nodeId: string;
  readonly #signer: WireSigner;

  constructor(options: { nodeId: string; secret: string; ttlMs?: number; clock?: Clock }) {
    this.nodeId = options.nodeId;
    this.#signer = new WireSigner({ secret: options.secret, purpose: 'room\n', ...(options.ttlMs ? { ttlMs: options.ttlMs } : {}), ...(options.clock ? { clock: options.clock } : {}) });
  }

  /** One signed message from this node to `to`. */
  seal(to: string, room: string, callId: number, body: RoomBody): Uint8Array {
    const message = pb.RoomMessage.encode({
      fromNode: this.nodeId,
      toNode: to,
      room,
      expiresAtMs: this.#signer.expiry(),
      nonce: newId(),
      callId,
      ...bodyToProto(body),
    }).finish();
    return pb.SignedRoomMessage.encode({ body: message, mac: this.#signer.mac(message) }).finish();
  }

  /** The message if it is genuine, fresh, new, for this node and well formed; otherwise why it was dropped. */
  open(payload: Uint8Array): RoomEnvelope | string {
    if (payload.byteLength > MAX_ROOM_MESSAGE_BYTES) return 'oversized';
    let signed: pb.SignedRoomMessage;
    let message: pb.RoomMessage;
    try {
      signed = pb.SignedRoomMessage.decode(payload);
      if (!this.#signer.verify(signed.body, signed.mac)) return 'bad signature';
      message = pb.RoomMessage.decode(signed.body);
    } catch {
      return 'malformed';
    }
    if (!this.#signer.fresh(message.expiresAtMs)) return 'stale';
    if (message.toNode !== this.nodeId) return 'misaddressed';
    if (![message.fromNode, message.room, message.nonce].every((s) => ID_RE.test(s))) return 'malformed';
    let body: RoomBody;
    try {
      body = bodyFromProto(message);
    } catch (err) {
      return `malformed ${message.kind ?? 'message'}: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (!this.#signer.once(message.nonce, message.expiresAtMs)) return 'replayed';
    return { from: message.fromNode, room: message.room, callId: message.callId, body };
  }
}

const bytes = <T>(encode: (m: T) => { finish(): Uint8Array }, m: T): Uint8Array => encode(m).finish();

function bodyToProto(b: RoomBody): pb.IRoomMessage {
  switch (b.kind) {
    case 'call':
      return { call: { peerId: b.peerId, ...opToProto(b.call) } };
    case 'reply':
      return {
        reply: {
          error: b.error?.message ?? '',
          errorCode: b.error?.code ?? '',
          ...(b.recv ? { recv: bytes(cpb.TransportOptions.encode, transportOptionsToProto(b.recv)) } : {}),
          ...(b.ice ? { ice: bytes(cpb.IceParameters.encode, iceParametersToProto(b.ice)) } : {}),
        },
      };
    case 'event':
      return {
        event: {
          peerId: b.peerId,
          reset: b.reset ?? '',
          removed: b.change?.removed ?? [],
          added: (b.change?.added ?? []).map((c) => ({
            id: c.id,
            producerId: c.producerId,
            peerId: c.peerId,
            label: c.label,
            kind: c.kind,
            rtpParameters: bytes(cpb.RtpParameters.encode, rtpParametersToProto(c.rtpParameters)),
          })),
        },
      };
    case 'keep':
      return { keep: { peers: b.peers } };
    case 'kept':
      return { kept: { peers: b.peers } };
  }
}

function opToProto(op: RoomOp): pb.IRoomCall {
  switch (op.op) {
    case 'connectPeer':
      return { connectPeer: bytes(cpb.RtpCapabilities.encode, rtpCapabilitiesToProto(op.rtpCapabilities)) };
    case 'connectTransport':
      return { connectTransport: { dtlsParameters: bytes(cpb.DtlsParameters.encode, dtlsParametersToProto(op.dtlsParameters)) } };
    case 'setSubscriptions':
      return { setSubscriptions: { streams: op.streams.map((s) => ({ peerId: s.peerId, label: s.label })) } };
    case 'setLayer':
      return { setLayer: { stream: { peerId: op.stream.peerId, label: op.stream.label }, layer: op.layer } };
    case 'resumeConsumer':
      return { resumeConsumer: op.consumerId };
    case 'restartIce':
      return { restartIce: true };
    case 'removePeer':
      return { removePeer: true };
  }
}

function id(value: string | null | undefined, what: string): string {
  if (!ID_RE.test(value ?? '')) throw new Error(`bad ${what}`);
  return value as string;
}

function items<T>(list: T[] | null | undefined, what: string): T[] {
  if ((list?.length ?? 0) > MAX_ROOM_ITEMS) throw new Error(`too many ${what}`);
  return list ?? [];
}

const ref = (r: pb.IRoomStreamRef | null | undefined): StreamRef => ({ peerId: id(r?.peerId, 'stream peer id'), label: id(r?.label, 'stream label') });

/** Maps and checks a decoded message; throws (a message) on anything out of shape. */
function bodyFromProto(m: pb.RoomMessage): RoomBody {
  switch (m.kind) {
    case 'call':
      return { kind: 'call', peerId: id(m.call?.peerId, 'peer id'), call: opFromProto(m.call as pb.RoomCall) };
    case 'reply': {
      const r = m.reply as pb.RoomReply;
      if (r.error) {
        const code = ERROR_CODES.find((c) => c === r.errorCode);
        if (!code || r.error.length > 256) throw new Error('bad error');
        return { kind: 'reply', error: { code, message: r.error } };
      }
      const out: Extract<RoomBody, { kind: 'reply' }> = { kind: 'reply' };
      if (r.recv.length > 0) out.recv = { ...transportOptionsFromProto(cpb.TransportOptions.decode(r.recv), 'recv'), direction: 'recv' };
      if (r.ice.length > 0) out.ice = iceParametersFromProto(cpb.IceParameters.decode(r.ice));
      return out;
    }
    case 'event': {
      const e = m.event as pb.RoomPeerEvent;
      const peerId = id(e.peerId, 'peer id');
      if (e.reset) {
        if (e.reset.length > 256) throw new Error('bad reset');
        return { kind: 'event', peerId, reset: e.reset };
      }
      const added: ConsumerOptions[] = items(e.added, 'consumers').map((c) => {
        if (c.kind !== 'audio' && c.kind !== 'video') throw new Error('bad kind');
        return {
          id: id(c.id, 'consumer id'),
          producerId: id(c.producerId, 'producer id'),
          peerId: id(c.peerId, 'stream peer id'),
          label: id(c.label, 'stream label'),
          kind: c.kind,
          rtpParameters: rtpParametersFromProto(cpb.RtpParameters.decode(c.rtpParameters ?? new Uint8Array())),
        };
      });
      return { kind: 'event', peerId, change: { added, removed: items(e.removed, 'removed').map((r) => id(r, 'consumer id')) } };
    }
    case 'keep':
    case 'kept':
      return { kind: m.kind, peers: items(m[m.kind]?.peers, 'peers').map((p) => id(p, 'peer id')) };
    default:
      throw new Error('no kind');
  }
}

function opFromProto(c: pb.RoomCall): RoomOp {
  switch (c.op) {
    case 'connectPeer':
      return { op: 'connectPeer', rtpCapabilities: rtpCapabilitiesFromProto(cpb.RtpCapabilities.decode(c.connectPeer as Uint8Array)) };
    case 'connectTransport':
      return { op: 'connectTransport', dtlsParameters: dtlsParametersFromProto(cpb.DtlsParameters.decode(c.connectTransport?.dtlsParameters ?? new Uint8Array())) };
    case 'setSubscriptions':
      return { op: 'setSubscriptions', streams: items(c.setSubscriptions?.streams, 'streams').map(ref) };
    case 'setLayer': {
      const layer = c.setLayer?.layer;
      if (!isVideoLayer(layer)) throw new Error('bad layer');
      return { op: 'setLayer', stream: ref(c.setLayer?.stream), layer };
    }
    case 'resumeConsumer':
      return { op: 'resumeConsumer', consumerId: id(c.resumeConsumer, 'consumer id') };
    case 'restartIce':
      return { op: 'restartIce' };
    case 'removePeer':
      return { op: 'removePeer' };
    default:
      throw new Error('no call');
  }
}
