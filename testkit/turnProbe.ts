/**
 * A minimal TURN client for tests (RFC 8656 Allocate with the long-term credential mechanism),
 * over TCP or TLS: where a browser engine cannot be told to trust a test certificate (libwebrtc
 * checks TURN-over-TLS certificates against its own roots), this proves the TLS listener and
 * shows coturn's exact answer (401 for a refused credential).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

const MAGIC = 0x2112a442;
const ALLOCATE = 0x0003;
const ALLOCATE_OK = 0x0103;
const ATTR = { username: 0x0006, integrity: 0x0008, error: 0x0009, realm: 0x0014, nonce: 0x0015, transport: 0x0019, relayed: 0x0016 } as const;

export type AllocateResult = { ok: true; relayPort: number } | { ok: false; code: number; reason: string };

export interface ProbeOptions {
  transport: 'tcp' | 'tls';
  host: string;
  port: number;
  /** The TLS server's certificate (PEM) to trust. */
  ca?: string;
  username: string;
  password: string;
}

function attr(type: number, value: Buffer): Buffer {
  const pad = (4 - (value.length % 4)) % 4;
  const head = Buffer.alloc(4);
  head.writeUInt16BE(type, 0);
  head.writeUInt16BE(value.length, 2);
  return Buffer.concat([head, value, Buffer.alloc(pad)]);
}

function message(type: number, attrs: Buffer[], integrityKey?: Buffer): Buffer {
  const body = Buffer.concat(attrs);
  const head = Buffer.alloc(20);
  head.writeUInt16BE(type, 0);
  head.writeUInt32BE(MAGIC, 4);
  randomBytes(12).copy(head, 8);
  if (!integrityKey) {
    head.writeUInt16BE(body.length, 2);
    return Buffer.concat([head, body]);
  }
  // MESSAGE-INTEGRITY covers the message with its length already counting the attribute (24 bytes).
  head.writeUInt16BE(body.length + 24, 2);
  const mac = createHmac('sha1', integrityKey).update(Buffer.concat([head, body])).digest();
  return Buffer.concat([head, body, attr(ATTR.integrity, mac)]);
}

function parse(buf: Buffer): { type: number; attrs: Map<number, Buffer> } {
  const attrs = new Map<number, Buffer>();
  const end = 20 + buf.readUInt16BE(2);
  for (let at = 20; at + 4 <= end; ) {
    const type = buf.readUInt16BE(at);
    const len = buf.readUInt16BE(at + 2);
    attrs.set(type, buf.subarray(at + 4, at + 4 + len));
    at += 4 + len + ((4 - (len % 4)) % 4);
  }
  return { type: buf.readUInt16BE(0), attrs };
}

/** Sends requests on one stream connection and reads one STUN message back for each. */
class StunStream {
  #buf = Buffer.alloc(0);
  #waiting: ((m: Buffer) => void) | null = null;

  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.#buf = Buffer.concat([this.#buf, d]);
      this.#drain();
    });
  }

  #drain(): void {
    if (!this.#waiting || this.#buf.length < 20) return;
    const total = 20 + this.#buf.readUInt16BE(2);
    if (this.#buf.length < total) return;
    const m = this.#buf.subarray(0, total);
    this.#buf = this.#buf.subarray(total);
    const w = this.#waiting;
    this.#waiting = null;
    w(m);
  }

  request(m: Buffer, timeoutMs = 5000): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no TURN answer')), timeoutMs);
      this.#waiting = (reply) => {
        clearTimeout(timer);
        resolve(reply);
      };
      this.socket.write(m);
      this.#drain();
    });
  }
}

function errorOf(attrs: Map<number, Buffer>): { code: number; reason: string } {
  const e = attrs.get(ATTR.error);
  if (!e) return { code: 0, reason: 'no ERROR-CODE' };
  return { code: ((e[2] ?? 0) & 7) * 100 + (e[3] ?? 0), reason: e.subarray(4).toString('utf8') };
}

/** One Allocate: the unauthenticated request for the realm and nonce, then the signed one. */
export async function turnAllocate(o: ProbeOptions): Promise<AllocateResult> {
  const socket = await new Promise<Socket>((resolve, reject) => {
    const s =
      o.transport === 'tls'
        ? tlsConnect({ host: o.host, port: o.port, ca: o.ca, servername: 'turn.lophoc.test' }, () => resolve(s))
        : netConnect({ host: o.host, port: o.port }, () => resolve(s));
    s.once('error', reject);
  });
  try {
    const stream = new StunStream(socket);
    const udp = attr(ATTR.transport, Buffer.from([17, 0, 0, 0]));
    const first = parse(await stream.request(message(ALLOCATE, [udp])));
    const realm = first.attrs.get(ATTR.realm);
    const nonce = first.attrs.get(ATTR.nonce);
    if (!realm || !nonce) return { ok: false, ...errorOf(first.attrs) };
    const key = createHash('md5').update(`${o.username}:${realm.toString()}:${o.password}`).digest();
    const signed = message(ALLOCATE, [udp, attr(ATTR.username, Buffer.from(o.username)), attr(ATTR.realm, realm), attr(ATTR.nonce, nonce)], key);
    const answer = parse(await stream.request(signed));
    if (answer.type !== ALLOCATE_OK) return { ok: false, ...errorOf(answer.attrs) };
    const relayed = answer.attrs.get(ATTR.relayed);
    return { ok: true, relayPort: relayed ? relayed.readUInt16BE(2) ^ (MAGIC >>> 16) : 0 };
  } finally {
    socket.destroy();
  }
}
