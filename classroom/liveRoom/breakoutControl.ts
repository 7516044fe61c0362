/** Breakout rounds (R7): split present students into groups, visit, broadcast, bring back. */
import { ConflictError, NotFoundError } from '../../platform/index.js';
import type { GroupAssignment } from './Breakout.js';
import type { ParticipantRecord } from './Participants.js';
import type { RoomCore } from './RoomCore.js';
import { requireAdmitted } from './interaction.js';
import { LIMITS, cleanText, requireTeacher } from './rules.js';

function teacher(core: RoomCore, actorId: string, what: string): ParticipantRecord {
  const actor = requireAdmitted(core, actorId);
  requireTeacher(actor, what);
  return actor;
}

export function startBreakout(core: RoomCore, actorId: string, input: { assignments: GroupAssignment[]; randomCount: number }): void {
  teacher(core, actorId, 'start breakout groups');
  const eligible = core.presentStudents().map((p) => p.id);
  const placement = core.breakout.start(input, eligible, core.clock.now());
  core.emit('breakoutChanged', core.breakout.view());
  for (const [pid, groupId] of placement) {
    const p = core.participants.get(pid);
    if (p) core.move(p, groupId);
  }
}

/** Ends the round: everyone, visiting teachers included, returns to the main room. */
export function endBreakout(core: RoomCore, actorId: string): void {
  teacher(core, actorId, 'end breakout groups');
  core.breakout.end();
  core.emit('breakoutChanged', core.breakout.view());
  for (const p of core.participants.admitted()) core.move(p, '');
}

/** The teacher goes to a group ('' = back to the main room). */
export function visitGroup(core: RoomCore, actorId: string, groupId: string): void {
  const actor = teacher(core, actorId, 'visit breakout groups');
  if (groupId !== '' && !core.breakout.hasGroup(groupId)) throw new NotFoundError('No such breakout group');
  core.move(actor, groupId);
}

export function broadcastToGroups(core: RoomCore, actorId: string, text: string): void {
  const actor = teacher(core, actorId, 'broadcast to groups');
  if (!core.breakout.active) throw new ConflictError('No breakout groups are running');
  core.emit('groupBroadcast', cleanText(text, 'Message', LIMITS.chatText), actor.id, core.clock.now());
}
