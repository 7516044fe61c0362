import { toRoom, type RoomContext } from '../liveRoom/index.js';
import type { ReactionKind, ReactionsApi, ReactionsEvent } from './ReactionsTypes.js';

/**
 * Reactions of one live lesson (R2). Nothing is kept: a reaction is shown for a moment to the
 * sender's room (the main room, or their breakout group) and forgotten, so a late joiner sees
 * none, there is no snapshot part, and no hook (LiveFeature) to implement.
 */
export class Reactions implements ReactionsApi {
  readonly #ctx: RoomContext<ReactionsEvent>;

  constructor(ctx: RoomContext<ReactionsEvent>) {
    this.#ctx = ctx;
  }

  react(participantId: string, kind: ReactionKind): Promise<void> {
    return this.#ctx.run(() => {
      const p = this.#ctx.presence.requireAdmitted(participantId);
      this.#ctx.tell(toRoom(p.groupId), { type: 'reactionSent', participantId: p.id, kind, atMs: this.#ctx.clock.now() });
    });
  }
}
