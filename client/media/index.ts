/** media/: peer connections and devices. No UI, no signals, no protobuf. */
export { MediaController, type MediaControllerOptions } from './MediaController.js';
export { MediaClient, type MediaClientOptions, type TransportControllerLoader } from './MediaClient.js';
export type { TransportSignal, ConsumersChange } from './transport/TransportTypes.js';
export type { LocalSource } from './Publisher.js';
export type { MediaEngineClient, MediaControllerEvents, RemoteTrack, MediaSignal, LocalCandidate, InboundMediaStats, NetworkSample, MediaHealth, PeerConnectionFactory } from './MediaTypes.js';
export { acquire, openCamera, openMicrophone, openScreen, listDevices, mediaDevicesSupported, screenShareSupported, classifyMediaError } from './devices.js';
export type { DeviceProblem, DeviceInfo, DeviceLists, AcquireResult } from './devices.js';
export { LayerGovernor, rateSample, qualityReport, type FeaturedLayer } from './stats.js';
