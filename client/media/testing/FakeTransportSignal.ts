import { FakeHandler } from 'mediasoup-client/handlers/FakeHandler';
import * as fake from 'mediasoup-client/fakeParameters';
import type { types } from 'mediasoup-client';
import { Device } from 'mediasoup-client';
import {
  rtpCapabilitiesFromProto,
  rtpCapabilitiesToProto,
  rtpParametersFromProto,
  rtpParametersToProto,
  type DtlsParameters,
  type IceParameters,
  type RtpCapabilities,
  type RtpCapabilitiesInput,
  type RtpParametersInput,
  type TransportDirection,
  type TransportOptions,
} from '../../../proto/index.js';
import type { RemoteConsumer, TrackSource } from '../../net/index.js';
import type { TransportSignal } from '../transport/TransportTypes.js';

/** The router capabilities mediasoup-client's own tests use, through the wire types. */
export function fakeRouterCapabilities(): RtpCapabilities {
  return rtpCapabilitiesFromProto(rtpCapabilitiesToProto(fake.generateRouterRtpCapabilities()));
}

/** Transport options as the server sends them in a MediaSetupResponse (valid for the fake device). */
export function fakeTransport(id: string): TransportOptions {
  const t = fake.generateTransportRemoteParameters();
  return {
    id,
    iceParameters: t.iceParameters,
    iceCandidates: t.iceCandidates.map((c) => ({ foundation: c.foundation, priority: c.priority, address: c.address, protocol: c.protocol, port: c.port, type: c.type })),
    dtlsParameters: t.dtlsParameters,
  };
}

/** A consumer the fake server announces (valid for the fake device). */
export function fakeConsumer(id: string, participantId: string, source: TrackSource): RemoteConsumer {
  const kind = source === 'microphone' ? 'audio' : 'video';
  const c = fake.generateConsumerRemoteParameters({ id, codecMimeType: kind === 'audio' ? 'audio/opus' : 'video/VP8' });
  return { id, producerId: `producer-of-${id}`, participantId, source, kind, rtpParameters: rtpParametersFromProto(rtpParametersToProto(c.rtpParameters)) };
}

/** A mediasoup-client Device on FakeHandler; every handler it creates is kept, with its direction. */
export function fakeDevice(): { device: types.Device; handlers: Array<{ direction: 'send' | 'recv'; handler: FakeHandler }> } {
  const base = FakeHandler.createFactory(fake);
  const handlers: Array<{ direction: 'send' | 'recv'; handler: FakeHandler }> = [];
  const device = new Device({
    handlerFactory: {
      ...base,
      factory: (options) => {
        const handler = base.factory(options);
        if (handler instanceof FakeHandler) handlers.push({ direction: options.direction, handler });
        return handler;
      },
    },
  });
  return { device, handlers };
}

/** A TransportSignal that records what the controller sends and answers like a cooperative server. */
export class FakeTransportSignal implements TransportSignal {
  readonly log: string[] = [];
  readonly setups: RtpCapabilitiesInput[] = [];
  readonly produced: Array<{ source: TrackSource; kind: string; rtpParameters: RtpParametersInput }> = [];
  readonly resumed: string[] = [];
  #next = 0;
  #held: Promise<void> | null = null;
  failNextRestartIce = false;
  /** How ConnectTransportRequests are answered: an Ack, never (a slow link), or an error. */
  connectAnswer: 'ack' | 'never' | 'refuse' = 'ack';
  lastRecvId = '';

  /** Holds the next MediaSetupResponse until the returned function is called. */
  hold(): () => void {
    let release: () => void = () => undefined;
    this.#held = new Promise<void>((resolve) => (release = resolve));
    return release;
  }

  async mediaSetup(rtpCapabilities: RtpCapabilitiesInput): Promise<{ send: TransportOptions; recv: TransportOptions }> {
    this.setups.push(rtpCapabilities);
    const n = this.setups.length;
    this.log.push(`setup:${n}`);
    this.lastRecvId = `recv-${n}`;
    const held = this.#held;
    this.#held = null;
    if (held) await held;
    return { send: fakeTransport(`send-${n}`), recv: fakeTransport(`recv-${n}`) };
  }

  async connectTransport(direction: TransportDirection, _dtls: DtlsParameters): Promise<void> {
    this.log.push(`connect:${direction}`);
    if (this.connectAnswer === 'never') await new Promise<never>(() => undefined);
    if (this.connectAnswer === 'refuse') throw new Error('refused');
  }

  async produce(source: TrackSource, kind: 'audio' | 'video', rtpParameters: RtpParametersInput): Promise<string> {
    this.produced.push({ source, kind, rtpParameters });
    this.log.push(`produce:${source}`);
    return `producer-${++this.#next}`;
  }

  async unpublish(source: TrackSource): Promise<void> {
    this.log.push(`unpublish:${source}`);
  }

  async resumeConsumer(consumerId: string): Promise<void> {
    this.resumed.push(consumerId);
    this.log.push(`resume:${consumerId}`);
  }

  async restartIce(direction: TransportDirection): Promise<IceParameters> {
    this.log.push(`restartIce:${direction}`);
    if (this.failNextRestartIce) {
      this.failNextRestartIce = false;
      throw new Error('refused');
    }
    return { usernameFragment: `u${++this.#next}`, password: 'p', iceLite: true };
  }

  async restartMedia(): Promise<void> {
    this.log.push('restartMedia');
  }
}

