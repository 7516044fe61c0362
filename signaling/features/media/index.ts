/**
 * Media negotiation (docs/protocol.md "Media negotiation"): the transport negotiation, media
 * state, quality, who is speaking. A slice of the codec and the dispatch; its rules and its link
 * to the media engine are signaling/media/LessonMedia, which pushes its bodies itself (the
 * engine's events are not domain events of the room).
 */
export type { MediaBody as Body, MediaRequest as Request } from './codec.js';
export { decoders, encoders, joinMediaToProto } from './codec.js';
export { handlers } from './handlers.js';
