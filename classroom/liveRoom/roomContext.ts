/** The RoomContext each live feature of a room gets (FeatureTypes.ts): a narrow view of RoomCore. */
import type { PresenceView, RoomContext } from './FeatureTypes.js';
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

/** The context of the feature named `name`; `run` is the room's queue, `closed` its state. */
export function roomContext(core: RoomCore, name: string, run: Run, closed: () => boolean): RoomContext {
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
  };
}
