/** media/: peer connections and devices. No UI, no signals, no protobuf. */
export { MediaController, type MediaControllerOptions } from './MediaController.js';
export type { LocalSource } from './Publisher.js';
export type { RemoteTrack, MediaSignal, LocalCandidate, InboundMediaStats, NetworkSample, MediaHealth, PeerConnectionFactory } from './MediaTypes.js';
export { acquire, openCamera, openMicrophone, openScreen, listDevices, mediaDevicesSupported, screenShareSupported, classifyMediaError } from './devices.js';
export type { DeviceProblem, DeviceInfo, DeviceLists, AcquireResult } from './devices.js';
export { LayerGovernor, rateSample, qualityReport, type FeaturedLayer } from './stats.js';
