/** The RoomContext each live feature of a room gets (FeatureTypes.ts): a narrow view of RoomCore. */
import type { PresenceView, RoomContext } from './FeatureTypes.js';
import type { FeatureKeeping } from './LessonStateTypes.js';
import { requireAdmitted } from './interaction.js';
import type { ParticipantRecord } from './Participants.js';
import type { RoomCore } from './RoomCore.js';
import { requireTeacher } from './rules.js';

type Run = <T>(change: () => T | Promise<T>) => Promise<T>;

function presenceOf(core: RoomCore): PresenceView {
  const views = (records: ParticipantRecord[]) => records.map((p) => core.view(p));
  return {
    get: (id) => {
      const p = core.participants.get(id);
      return p ? core.view(p) : undefined;
    },
    require: (id) => core.view(core.participants.require(id)),
    requireAdmitted: (id) => core.view(requireAdmitted(core, id)),
    requireTeacher: (id, what) => {
      const p = requireAdmitted(core, id);
      requireTeacher(p, what);
      return core.view(p);
    },
    admitted: () => views(core.participants.admitted()),
    inRoom: (groupId) => views(core.participants.admitted().filter((p) => p.groupId === groupId)),
    students: () => views(core.presentStudents()),
  };
}

/** What the feature named `name` kept in the lesson's earlier room, and how it keeps its part now (one value slot, its name). */
function keepingOf(core: RoomCore, name: string, restored: string | undefined): FeatureKeeping {
  let value: unknown;
  if (restored !== undefined) {
    try {
      value = JSON.parse(restored);
    } catch {
      core.logger.warn({ feature: name }, 'kept lesson state that is not JSON: ignored');
    }
  }
  return { restored: value, save: (v) => core.kept?.put(name, v) };
}

/** The context of the feature named `name`; `run` is the room's queue, `closed` its state; `restored` what it kept before. */
export function roomContext(core: RoomCore, name: string, run: Run, closed: () => boolean, restored?: string): RoomContext {
  return {
    lesson: core.lesson,
    clock: core.clock,
    logger: core.logger.child({ feature: name }),
    presence: presenceOf(core),
    get closed() {
      return closed();
    },
    run,
    tell: (audience, event) => core.emit('feature', audience, event),
    record: (participantId, kind) => core.activity(requireAdmitted(core, participantId), kind),
    participantChanged: (participantId) => {
      const p = core.participants.get(participantId);
      if (p) core.updated(p);
    },
    moveTo: (participantId, groupId) => core.move(requireAdmitted(core, participantId), groupId),
    kept: keepingOf(core, name, restored),
  };
}
