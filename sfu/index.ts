/**
 * sfu: the media core. Callers see peers, rooms and streams (MediaEngineTypes.ts); Janus, its
 * processes and its ids stay inside this module.
 */
export type * from './MediaEngineTypes.js';
export type * from './TransportNegotiationTypes.js';
export type { JanusMediaEngineOptions, PortRange, RestartBackoffOptions, TalkingDetectionOptions } from './JanusMediaEngineTypes.js';
export { resolveJanusOptions } from './JanusMediaEngineTypes.js';
export { JanusMediaEngine, createJanusMediaEngine, type MediaEngineDeps } from './JanusMediaEngine.js';
