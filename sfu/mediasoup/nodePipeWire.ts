/**
 * The wire of node-to-node media pipes (docs/cluster.md "One lesson over several nodes"):
 * protobuf messages (proto/cluster/v1/pipe.proto) on the cluster bus, each signed with the
 * deployment's shared secret (HMAC-SHA256 over the encoded body), addressed to one node, valid
 * 5 s and accepted once. Whoever can publish on Redis without the secret must not make a node
 * send a lesson's media to an address of their choosing: an unsigned, forged, stale, replayed,
 * misaddressed, malformed or oversized message is dropped (and counted) before any field of it
 * is used.
 */
import { newId, type Clock } from '../../platform/index.js';
import { cluster } from '../../proto/cluster/index.js';
import { WireSigner } from './wireSigning.js';

import pb = cluster.v1;

/** A pipe message is at most a few kB (a stream list, one RtpParameters); anything bigger is not ours. */
export const MAX_PIPE_MESSAGE_BYTES = 16 * 1024;
/** Streams listed in one message: a lesson publishes a few per speaker. */
export const MAX_PIPE_STREAMS = 64;
const ID_RE = /^[A-Za-z0-9_.:-]{1,128}$/;
const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const SUITES = new Set(['AEAD_AES_256_GCM', 'AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32']);

/** The bus channel a node's media pipes listen on. */
export function pipeChannel(nodeId: string): string {
  return `sfu-pipe.${nodeId}`;
}

export type PipeKind = NonNullable<pb.PipeMessage['kind']>;

/** A message that passed every check: its addressing, and exactly one kind. */
export interface PipeEnvelope {
  from: string;
  room: string;
  pipeId: string;
  kind: PipeKind;
  message: pb.PipeMessage;
}

export interface PipeWireOptions {
  nodeId: string;
  /** Shared by every node of the deployment; at least 32 characters. */
  secret: string;
  /** How long a message stays valid. Default 5000 ms. */
  ttlMs?: number;
  clock?: Clock;
}

export class PipeWire {
  readonly nodeId: string;
  readonly #signer: WireSigner;

  constructor(options: PipeWireOptions) {
    if (options.secret.length < 32) throw new Error('node pipes need a secret of at least 32 characters');
    this.nodeId = options.nodeId;
    this.#signer = new WireSigner({ secret: options.secret, purpose: '', ...(options.ttlMs ? { ttlMs: options.ttlMs } : {}), ...(options.clock ? { clock: options.clock } : {}) });
  }

  /** One signed message from this node to `to`. */
  seal(to: string, room: string, pipeId: string, body: Omit<pb.IPipeMessage, 'fromNode' | 'toNode' | 'room' | 'pipeId' | 'expiresAtMs' | 'nonce'>): Uint8Array {
    const message = pb.PipeMessage.encode({
      ...body,
      fromNode: this.nodeId,
      toNode: to,
      room,
      pipeId,
      expiresAtMs: this.#signer.expiry(),
      nonce: newId(),
    }).finish();
    return pb.SignedPipeMessage.encode({ body: message, mac: this.#signer.mac(message) }).finish();
  }

  /** The message if it is genuine, fresh, new and for this node; otherwise why it was dropped. */
  open(payload: Uint8Array): PipeEnvelope | string {
    if (payload.byteLength > MAX_PIPE_MESSAGE_BYTES) return 'oversized';
    let signed: pb.SignedPipeMessage;
    try {
      signed = pb.SignedPipeMessage.decode(payload);
    } catch {
      return 'malformed';
    }
    if (!this.#signer.verify(signed.body, signed.mac)) return 'bad signature';
    let message: pb.PipeMessage;
    try {
      message = pb.PipeMessage.decode(signed.body);
    } catch {
      return 'malformed';
    }
    if (!this.#signer.fresh(message.expiresAtMs)) return 'stale';
    if (message.toNode !== this.nodeId) return 'misaddressed';
    if (![message.fromNode, message.room, message.pipeId, message.nonce].every((s) => ID_RE.test(s))) return 'malformed';
    if (!message.kind) return 'malformed';
    const invalid = checkBody(message);
    if (invalid) return invalid;
    if (!this.#signer.once(message.nonce, message.expiresAtMs)) return 'replayed';
    return { from: message.fromNode, room: message.room, pipeId: message.pipeId, kind: message.kind, message };
  }
}

/** An IPv4 tuple a PipeTransport can connect to. */
export function checkTuple(t: pb.IPipeTuple | null | undefined): { ip: string; port: number } | undefined {
  const m = IPV4_RE.exec(t?.ip ?? '');
  if (!t || !m || m.slice(1).some((o) => Number(o) > 255)) return undefined;
  const port = t.port ?? 0;
  if (!Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { ip: t.ip as string, port };
}

/** SRTP parameters a PipeTransport accepts (a suite mediasoup knows, a key of sane length). */
export function checkSrtp(s: pb.IPipeSrtp | null | undefined): { cryptoSuite: string; keyBase64: string } | undefined {
  if (!s || !SUITES.has(s.cryptoSuite ?? '') || !/^[A-Za-z0-9+/=]{16,128}$/.test(s.keyBase64 ?? '')) return undefined;
  return { cryptoSuite: s.cryptoSuite as string, keyBase64: s.keyBase64 as string };
}

function checkStreams(streams: pb.IPipeStream[] | null | undefined): boolean {
  if ((streams?.length ?? 0) > MAX_PIPE_STREAMS) return false;
  return (streams ?? []).every(
    (s) => ID_RE.test(s.peerId ?? '') && ID_RE.test(s.label ?? '') && ID_RE.test(s.producerId ?? '') && (s.kind === 'audio' || s.kind === 'video'),
  );
}

/** Field checks per kind (beyond protobuf's types): the reason a body is refused, or undefined. */
function checkBody(m: pb.PipeMessage): string | undefined {
  const short = (s: string | null | undefined) => (s ?? '').length <= 256;
  switch (m.kind) {
    case 'offer':
      return checkTuple(m.offer?.tuple) && checkSrtp(m.offer?.srtp) ? undefined : 'malformed offer';
    case 'answer':
      if (m.answer?.error) return short(m.answer.error) ? undefined : 'malformed answer';
      return checkTuple(m.answer?.tuple) && checkSrtp(m.answer?.srtp) && checkStreams(m.answer?.streams) ? undefined : 'malformed answer';
    case 'consume':
      return ID_RE.test(m.consume?.producerId ?? '') ? undefined : 'malformed consume';
    case 'consumed':
      return ID_RE.test(m.consumed?.producerId ?? '') && short(m.consumed?.error) && (m.consumed?.error || m.consumed?.kind === 'audio' || m.consumed?.kind === 'video')
        ? undefined
        : 'malformed consumed';
    case 'streams':
      return checkStreams(m.streams?.streams) ? undefined : 'malformed streams';
    case 'producerState':
      return ID_RE.test(m.producerState?.producerId ?? '') ? undefined : 'malformed producer state';
    case 'close':
      return short(m.close?.reason) ? undefined : 'malformed close';
    default:
      return 'malformed';
  }
}
