/** Reactions (R2): a short emoji a participant shows to their room. */

export type ReactionKind = 'thumbs_up' | 'clap' | 'heart' | 'laugh' | 'surprised' | 'question';

/** What the reactions feature tells a room: who reacted, how, when. */
export type ReactionsEvent = { type: 'reactionSent'; participantId: string; kind: ReactionKind; atMs: number };

export interface ReactionsApi {
  /** Shows a reaction of the participant to everyone in their room (main room or group). */
  react(participantId: string, kind: ReactionKind): Promise<void>;
}
