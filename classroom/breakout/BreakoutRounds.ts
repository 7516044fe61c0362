import { ConflictError, NotFoundError } from '../../platform/index.js';
import { EVERYONE, LESSON_LIMITS, cleanText, type LiveFeature, type RoomContext } from '../liveRoom/index.js';
import { Breakout } from './Breakout.js';
import type { BreakoutEvent, BreakoutRoundsApi, BreakoutView, GroupAssignment } from './BreakoutTypes.js';

/**
 * Breakout rounds of one live lesson (R7): split the present students into groups (each a room
 * of its own: media and chat), visit a group, broadcast to all groups, bring everyone back. A
 * student who comes back during a round returns to their group.
 */
export class BreakoutRounds implements LiveFeature<BreakoutView>, BreakoutRoundsApi {
  readonly #ctx: RoomContext<BreakoutEvent>;
  readonly #breakout = new Breakout();

  constructor(ctx: RoomContext<BreakoutEvent>) {
    this.#ctx = ctx;
  }

  start(actorId: string, input: { assignments: GroupAssignment[]; randomCount: number }): Promise<void> {
    return this.#ctx.run(() => {
      this.#ctx.presence.requireTeacher(actorId, 'start breakout groups');
      const eligible = this.#ctx.presence.students().map((p) => p.id);
      const placement = this.#breakout.start(input, eligible, this.#ctx.clock.now());
      this.#changed();
      for (const [participantId, groupId] of placement) {
        if (this.#ctx.presence.get(participantId)) this.#ctx.moveTo(participantId, groupId);
      }
    });
  }

  end(actorId: string): Promise<void> {
    return this.#ctx.run(() => {
      this.#ctx.presence.requireTeacher(actorId, 'end breakout groups');
      this.#breakout.end();
      this.#changed();
      for (const p of this.#ctx.presence.admitted()) this.#ctx.moveTo(p.id, '');
    });
  }

  visit(actorId: string, groupId: string): Promise<void> {
    return this.#ctx.run(() => {
      const actor = this.#ctx.presence.requireTeacher(actorId, 'visit breakout groups');
      if (groupId !== '' && !this.#breakout.hasGroup(groupId)) throw new NotFoundError('No such breakout group');
      this.#ctx.moveTo(actor.id, groupId);
    });
  }

  broadcast(actorId: string, text: string): Promise<void> {
    return this.#ctx.run(() => {
      const actor = this.#ctx.presence.requireTeacher(actorId, 'broadcast to groups');
      if (!this.#breakout.active) throw new ConflictError('No breakout groups are running');
      const message = cleanText(text, 'Message', LESSON_LIMITS.chatText);
      this.#ctx.tell(EVERYONE, { type: 'groupBroadcast', text: message, fromParticipantId: actor.id, atMs: this.#ctx.clock.now() });
    });
  }

  snapshotFor(): BreakoutView {
    return this.#breakout.view();
  }

  /** The assignment outlives a disconnection: a student back during the round returns to their group. */
  roomOnEntry(participantId: string): string | undefined {
    return this.#breakout.groupOf(participantId) || undefined;
  }

  #changed(): void {
    this.#ctx.tell(EVERYONE, { type: 'breakoutChanged', breakout: this.#breakout.view() });
  }
}
