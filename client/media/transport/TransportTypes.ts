import type {
  DtlsParameters,
  IceParameters,
  RemoteConsumer,
  RtpCapabilitiesInput,
  RtpParametersInput,
  TrackSource,
  TransportDirection,
  TransportOptions,
} from '../../net/index.js';

/**
 * What the transport controller needs from the signaling connection (docs/protocol.md
 * "Transport negotiation"). Implemented by the session over the socket; the media layer never
 * sees the socket or protobuf.
 */
export interface TransportSignal {
  /** MediaSetupRequest: creates our send and receive transports (dropping any we had). */
  mediaSetup(rtpCapabilities: RtpCapabilitiesInput): Promise<{ send: TransportOptions; recv: TransportOptions }>;
  connectTransport(direction: TransportDirection, dtlsParameters: DtlsParameters): Promise<void>;
  /** ProduceRequest; resolves with the server's producer id. */
  produce(source: TrackSource, kind: 'audio' | 'video', rtpParameters: RtpParametersInput): Promise<string>;
  unpublish(source: TrackSource): Promise<void>;
  resumeConsumer(consumerId: string): Promise<void>;
  restartIce(direction: TransportDirection): Promise<IceParameters>;
  /** RestartMediaRequest (our connections failed for good). */
  restartMedia(): Promise<void>;
}

/** A ConsumersChanged push. */
export interface ConsumersChange {
  transportId: string;
  added: RemoteConsumer[];
  removed: string[];
}
