/**
 * sfu: the media core. Callers see peers, rooms and streams (MediaEngineTypes.ts); the engines
 * (Janus, mediasoup), their processes and their ids stay inside this module.
 */
export type * from './MediaEngineTypes.js';
export type * from './TransportNegotiationTypes.js';
export type { RestartBackoffOptions } from './backoff.js';
export type { JanusMediaEngineOptions, PortRange, TalkingDetectionOptions } from './JanusMediaEngineTypes.js';
export { resolveJanusOptions } from './JanusMediaEngineTypes.js';
export { JanusMediaEngine, createJanusMediaEngine, type MediaEngineDeps } from './JanusMediaEngine.js';
export type { MediasoupEngineOptions, MediasoupLogLevel, MediasoupTalkingOptions } from './mediasoup/MediasoupEngineTypes.js';
export { resolveMediasoupOptions } from './mediasoup/MediasoupEngineTypes.js';
export { MediasoupEngine, createMediasoupEngine } from './mediasoup/MediasoupEngine.js';
