/**
 * sfu: the media core. Callers see peers, rooms and streams (MediaEngineTypes.ts); the engine
 * (mediasoup), its worker processes and their ids stay inside this module.
 */
export type * from './MediaEngineTypes.js';
export type * from './TransportNegotiationTypes.js';
export type { RestartBackoffOptions } from './backoff.js';
export type { MediasoupEngineOptions, MediasoupLogLevel, MediasoupTalkingOptions } from './mediasoup/MediasoupEngineTypes.js';
export { resolveMediasoupOptions } from './mediasoup/MediasoupEngineTypes.js';
export { MediasoupEngine, createMediasoupEngine } from './mediasoup/MediasoupEngine.js';
export { NodePipes, type NodePipesEvents, type NodePipesOptions } from './mediasoup/NodePipes.js';
export { PipeWire, pipeChannel, MAX_PIPE_MESSAGE_BYTES } from './mediasoup/nodePipeWire.js';
export { EdgeRooms, type EdgeRoomsOptions } from './mediasoup/EdgeRooms.js';
export { NodeMediaMetrics, WIRE_REJECTIONS, type WireRejection } from './metrics.js';
export { SpreadEngine } from './mediasoup/SpreadEngine.js';
export { RoomWire, roomChannel, MAX_ROOM_MESSAGE_BYTES } from './mediasoup/roomWire.js';
