import { ConflictError, NotFoundError } from '../../platform/index.js';
import { EVERYONE, LESSON_LIMITS, cleanText, type LiveFeature, type ParticipantView, type RoomContext } from '../liveRoom/index.js';
import { Breakout } from './Breakout.js';
import type { BreakoutEvent, BreakoutRoundsApi, BreakoutView, GroupAssignment } from './BreakoutTypes.js';
import { keptBreakout } from './keptBreakout.js';

/**
 * Breakout rounds of one live lesson (R7): split the present students into groups (each a room
 * of its own: media and chat), visit a group, broadcast to all groups, bring everyone back. A
 * student who comes back during a round returns to their group. The round is kept by account
 * outside the room (RoomContext.kept): when the lesson's room is made again (its node died or
 * drained) the groups are open again, and each student who comes back goes to theirs.
 */
export class BreakoutRounds implements LiveFeature<BreakoutView>, BreakoutRoundsApi {
  readonly #ctx: RoomContext<BreakoutEvent>;
  readonly #breakout = new Breakout();
  /** Entered just now and placed back in their group of the earlier room: everyone is told. */
  readonly #returned = new Set<string>();

  constructor(ctx: RoomContext<BreakoutEvent>) {
    this.#ctx = ctx;
    const kept = keptBreakout(ctx.kept.restored);
    if (kept) this.#breakout.restore(kept);
  }

  start(actorId: string, input: { assignments: GroupAssignment[]; randomCount: number }): Promise<void> {
    return this.#ctx.run(() => {
      this.#ctx.presence.requireTeacher(actorId, 'start breakout groups');
      const eligible = this.#ctx.presence.students().map((p) => ({ id: p.id, userId: p.userId }));
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
    const group = this.#breakout.groupOf(participantId);
    if (group !== '') return group;
    const back = this.#breakout.returning(participantId, this.#ctx.presence.get(participantId)?.userId ?? '');
    if (back === '') return undefined;
    this.#returned.add(participantId);
    return back;
  }

  participantEntered(p: ParticipantView): void {
    if (this.#returned.delete(p.id)) this.#tell();
  }

  #changed(): void {
    this.#tell();
    this.#ctx.kept.save(this.#breakout.toKeep());
  }

  #tell(): void {
    this.#ctx.tell(EVERYONE, { type: 'breakoutChanged', breakout: this.#breakout.view() });
  }
}
