/**
 * Media negotiation (docs/protocol.md "Media negotiation"). Its messages are still decoded and
 * encoded by the core of signaling/codec; when the engine's protocol changes they move here as
 * a slice of their own (codec.ts beside handlers.ts), listed in ../index.ts like the others.
 */
export * as mediaHandlers from './handlers.js';
