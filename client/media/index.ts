/** media/: transports, producers, consumers (mediasoup-client) and devices. No UI, no signals, no protobuf. */
export { MediaClient, loadTransportController, preloadMediaLibrary, type MediaClientOptions, type TransportControllerLoader } from './MediaClient.js';
export type { TransportSignal, ConsumersChange } from './transport/TransportTypes.js';
export type { FirstSound, FirstSoundSignal } from './firstSound/FirstSound.js';
export type { LocalSource, MediaEngineClient, MediaControllerEvents, RemoteTrack, InboundMediaStats, NetworkSample, MediaHealth } from './MediaTypes.js';
export { acquire, openCamera, openMicrophone, openScreen, listDevices, mediaDevicesSupported, screenShareSupported, classifyMediaError } from './devices.js';
export type { DeviceProblem, DeviceInfo, DeviceLists, AcquireResult } from './devices.js';
export { LayerGovernor, rateSample, qualityReport, type FeaturedLayer } from './stats.js';
