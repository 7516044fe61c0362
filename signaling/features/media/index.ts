/**
 * Media negotiation (docs/protocol.md "Media negotiation"): the SDP messages (Janus), the
 * transport negotiation (mediasoup), media state, quality, who is speaking. A slice of the codec
 * and the dispatch; its rules and its link to the media engine are signaling/media/LessonMedia,
 * which pushes its bodies itself (the engine's events are not domain events of the room).
 */
export type { MediaBody as Body, MediaNegotiationView, MediaRequest as Request } from './codec.js';
export { decoders, encoders, negotiationToProto } from './codec.js';
export { handlers } from './handlers.js';
