/**
 * A student bot that receives media cheaply enough to run hundreds in one process, and still
 * proves what it receives: werift does ICE, DTLS and SRTCP as usual, but SRTP packets are taken
 * off the UDP transport before werift's receive pipeline sees them. Each is counted from its
 * cleartext RTP header (SSRC, sequence number and payload type are not encrypted in SRTP); one
 * packet in `sampleEvery` per stream, and every video packet until the first keyframe, is fully
 * authenticated and decrypted with this connection's SRTP session (failures are counted, and a
 * failed packet is not counted as received). The bot sends no NACKs, so loss is the raw loss.
 *
 * Signaling is the real one: join as a student, MediaSetup, then each ConsumersChanged as a
 * remote offer to werift (rawTransport.ts), then ResumeConsumer.
 */
import { createRequire } from 'node:module';
import type * as Werift from 'werift';
import { classroom } from '../../proto/index.js';
import type { RtpCapabilities } from '../../proto/index.js';
import { botCapabilities, RawTransportReceiver } from './rawTransport.js';
import { StreamAccount, type StreamCounts } from './rtpAccounting.js';
import { SignalingClient, type ServerMessage } from './signalingClient.js';
import { consumersChangeOf, routerCapabilities, TransportSignal, type BotConsumersChange } from './transportSignal.js';
import { rtpPayloadOffset, vp8KeyframeSize } from './vp8.js';

// The CommonJS build: its internal objects are the ones the hooks below reach (the ESM build
// of werift is a separate bundle).
const require = createRequire(import.meta.url);
const werift = require('werift') as typeof Werift;

export interface RawSubscriberOptions {
  wsUrl: string;
  lessonId: string;
  token: string;
  /** Authenticate and decrypt one packet in this many per stream (1 = all). Default 10. */
  sampleEvery?: number;
  /** Receive buffer of the bot's UDP socket (load-generator side only). Default 4 MiB. */
  recvBufferBytes?: number;
  /** werift's ICE interface addresses, e.g. { udp4: '127.0.0.1' }. Default: werift's choice. */
  iceInterfaceAddresses?: { udp4?: string };
  /**
   * Keep the arrival time of the first packet of each of the last `recordFrames` video frames
   * (by RTP timestamp, which mediasoup forwards unchanged to non-simulcast consumers and through
   * pipes): bench:fanout --instances 2 compares them between bots on different workers. Default 0.
   */
  recordFrames?: number;
  log?: (line: string) => void;
}

interface Stream {
  kind: 'audio' | 'video';
  account: StreamAccount;
  seen: number;
}

export interface SubscriberSnapshot {
  state: string;
  joinedMs: number;
  answeredMs: number;
  connectedMs: number;
  firstPacketMs: number;
  audio: StreamCounts;
  video: StreamCounts;
  decryptedOk: number;
  authFailures: number;
  otherPayloadType: number;
  keyframe: string;
  /** The SFU port of the receive transport (one port per mediasoup worker: which worker serves the bot). */
  mediaPort: number;
  offers: number;
  errors: string[];
}

interface SrtpSessionLike {
  decrypt(buf: Buffer): Buffer;
}
interface UdpTransportLike {
  onData: (data: Buffer, addr: unknown) => void;
  socket?: { setRecvBufferSize(n: number): void };
}

const isSrtp = (d: Buffer) => d.length > 12 && d[0] !== undefined && (d[0] & 0xc0) === 0x80 && !((d[1] as number) >= 192 && (d[1] as number) <= 223);

export class RawSubscriber {
  #pc: Werift.RTCPeerConnection | undefined;
  #signaling: SignalingClient | undefined;
  readonly #o: RawSubscriberOptions;
  readonly #t0 = performance.now();
  #joinedMs = -1;
  #answeredMs = -1;
  #connectedMs = -1;
  #firstPacketMs = -1;
  readonly #pts = new Map<number, 'audio' | 'video'>();
  readonly #streams = { audio: { kind: 'audio', account: new StreamAccount(), seen: 0 } as Stream, video: { kind: 'video', account: new StreamAccount(), seen: 0 } as Stream };
  #decryptedOk = 0;
  #authFailures = 0;
  #otherPt = 0;
  #keyframe = '';
  #offers = 0;
  readonly #errors: string[] = [];
  #chain: Promise<void> = Promise.resolve();
  readonly #hooked = new Set<unknown>();
  #receiver: RawTransportReceiver | undefined;
  #mediaPort = 0;
  /** First arrival (ms, performance.timeOrigin-based) of recent video frames, by RTP timestamp. */
  readonly #frames = new Map<number, number>();
  /** Consumer changes for a receive transport not set up yet (the push may overtake the answer). */
  #early: BotConsumersChange[] = [];
  #closed = false;

  constructor(options: RawSubscriberOptions) {
    this.#o = options;
  }

  /** Joins and sets up its transports; the consumers are taken in the background. */
  async start(): Promise<void> {
    this.#signaling = await SignalingClient.connect(this.#o.wsUrl, {
      onPush: (m) => this.#onPush(m),
      onClose: (code) => {
        if (!this.#closed) this.#error(`signaling closed ${code}`);
      },
    });
    const res = await this.#signaling.join(this.#o.lessonId, this.#o.token, { micOn: false, cameraOn: false });
    if (res.admission !== classroom.v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED) throw new Error(`not admitted (status ${res.admission})`);
    this.#joinedMs = performance.now() - this.#t0;
    await this.#setUpTransport(routerCapabilities(res));
  }

  /** Both transports in one request; only the receive one is used. */
  async #setUpTransport(caps: RtpCapabilities): Promise<void> {
    const signal = new TransportSignal(this.#signaling as SignalingClient);
    const { recv } = await signal.mediaSetup(botCapabilities(caps));
    this.#mediaPort = recv.iceCandidates[0]?.port ?? 0;
    const pc = (this.#pc ??= this.#newPc());
    this.#receiver = new RawTransportReceiver(pc, signal, recv);
    const early = this.#early.filter((c) => c.transportId === recv.id);
    this.#early = [];
    for (const change of early) this.#enqueueConsumers(change);
  }

  #enqueueConsumers(change: BotConsumersChange): void {
    this.#chain = this.#chain.then(() => this.#consume(change).catch((err: unknown) => this.#error(`consume failed: ${(err as Error).message}`)));
  }

  async #consume(change: BotConsumersChange): Promise<void> {
    const receiver = this.#receiver;
    if (this.#closed || !receiver || receiver.transportId !== change.transportId) return;
    this.#offers++;
    const added = await receiver.apply(change);
    for (const c of added) for (const codec of c.rtpParameters.codecs) if (!/rtx$/i.test(codec.mimeType)) this.#pts.set(codec.payloadType, c.kind);
    if (this.#closed || !this.#pc) return;
    this.#hook(this.#pc);
    if (this.#answeredMs < 0 && added.length > 0) this.#answeredMs = performance.now() - this.#t0;
  }

  /** Resolves when the first consumers are taken (or rejects after `timeoutMs`). */
  async answered(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#answeredMs < 0) {
      if (Date.now() > deadline) throw new Error(`no consumers taken within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  get state(): string {
    return this.#pc?.connectionState ?? 'new';
  }

  #error(e: string): void {
    if (this.#errors.length < 5) this.#errors.push(e);
    this.#o.log?.(e);
  }

  #onPush(m: ServerMessage): void {
    const change = consumersChangeOf(m);
    if (!change) return;
    if (this.#receiver) this.#enqueueConsumers(change);
    else this.#early.push(change);
  }

  #newPc(): Werift.RTCPeerConnection {
    const pc = new werift.RTCPeerConnection({
      iceServers: [],
      iceUseIpv6: false,
      ...(this.#o.iceInterfaceAddresses ? { iceInterfaceAddresses: this.#o.iceInterfaceAddresses } : {}),
      codecs: {
        audio: [new werift.RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })],
        video: [new werift.RTCRtpCodecParameters({ mimeType: 'video/VP8', clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }] })],
      },
      headerExtensions: { audio: [werift.useSdesMid()], video: [werift.useSdesMid()] },
    });
    pc.connectionStateChange.subscribe((s) => {
      if (s === 'connected' && this.#connectedMs < 0) this.#connectedMs = performance.now() - this.#t0;
    });
    return pc;
  }

  /** Puts the raw counter in front of werift on every UDP transport of `pc` (once each). */
  #hook(pc: Werift.RTCPeerConnection): void {
    for (const ice of pc.iceTransports) {
      const protocols = (ice.connection as unknown as { protocols: Array<{ transport?: UdpTransportLike }> }).protocols;
      for (const p of protocols) {
        const transport = p.transport;
        if (!transport || this.#hooked.has(transport)) continue;
        this.#hooked.add(transport);
        try {
          transport.socket?.setRecvBufferSize(this.#o.recvBufferBytes ?? 4 << 20);
        } catch {
          /* capped by net.core.rmem_max: keep the default */
        }
        const dtls = pc.dtlsTransports.find((d) => d.iceTransport === ice);
        const original = transport.onData;
        transport.onData = (data, addr) => {
          const srtp = (dtls as unknown as { srtp?: SrtpSessionLike } | undefined)?.srtp;
          if (srtp && isSrtp(data)) this.#onSrtp(srtp, data);
          else original(data, addr);
        };
      }
    }
  }

  #onSrtp(srtp: SrtpSessionLike, data: Buffer): void {
    const kind = this.#pts.get((data[1] as number) & 0x7f);
    if (!kind) {
      this.#otherPt++;
      return;
    }
    const st = this.#streams[kind];
    const sample = this.#o.sampleEvery ?? 10;
    const needKeyframe = kind === 'video' && this.#keyframe === '' && st.seen < 2000;
    if (needKeyframe || st.seen++ % sample === 0) {
      let clear: Buffer;
      try {
        clear = srtp.decrypt(data);
        this.#decryptedOk++;
      } catch {
        this.#authFailures++;
        return;
      }
      if (needKeyframe) {
        st.seen++;
        const off = rtpPayloadOffset(clear);
        const size = off >= 0 ? vp8KeyframeSize(clear.subarray(off)) : undefined;
        if (size) this.#keyframe = `${size.width}x${size.height}`;
      }
    }
    if (this.#firstPacketMs < 0) this.#firstPacketMs = performance.now() - this.#t0;
    if (kind === 'video' && this.#o.recordFrames) this.#recordFrame(data.readUInt32BE(4));
    st.account.onPacket(data.readUInt32BE(8), data.readUInt16BE(2), data.length);
  }

  #recordFrame(rtpTimestamp: number): void {
    if (this.#frames.has(rtpTimestamp)) return;
    this.#frames.set(rtpTimestamp, performance.timeOrigin + performance.now());
    if (this.#frames.size > (this.#o.recordFrames ?? 0)) this.#frames.delete(this.#frames.keys().next().value as number);
  }

  /** [RTP timestamp, first arrival ms] of the recent video frames (recordFrames). */
  frameArrivals(): Array<[number, number]> {
    return [...this.#frames];
  }

  snapshot(): SubscriberSnapshot {
    return {
      state: this.state,
      joinedMs: Math.round(this.#joinedMs),
      answeredMs: Math.round(this.#answeredMs),
      connectedMs: Math.round(this.#connectedMs),
      firstPacketMs: Math.round(this.#firstPacketMs),
      audio: this.#streams.audio.account.counts(),
      video: this.#streams.video.account.counts(),
      decryptedOk: this.#decryptedOk,
      authFailures: this.#authFailures,
      otherPayloadType: this.#otherPt,
      keyframe: this.#keyframe,
      mediaPort: this.#mediaPort,
      offers: this.#offers,
      errors: [...this.#errors],
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#signaling?.close();
    await this.#pc?.close().catch(() => {});
  }
}
