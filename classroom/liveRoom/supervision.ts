/** What only the teacher does (R3, R4, R6): admission, settings, muting, removal, ending. */
import { ConflictError, NotAuthorizedError } from '../../platform/index.js';
import type { LessonSettings, MediaSource } from './LiveRoomTypes.js';
import type { ParticipantRecord } from './Participants.js';
import type { RoomCore } from './RoomCore.js';
import { requireAdmitted } from './interaction.js';
import { enter } from './presence.js';
import { LIMITS, cleanText, requireTeacher } from './rules.js';

function teacher(core: RoomCore, actorId: string, what: string): ParticipantRecord {
  const actor = requireAdmitted(core, actorId);
  requireTeacher(actor, what);
  return actor;
}

/** Lets waiting students in: the listed ones, or all. Unknown or already-admitted ids are skipped. */
export function admit(core: RoomCore, actorId: string, participantIds: string[], all: boolean): void {
  teacher(core, actorId, 'admit students');
  const waiting = core.participants.all().filter((p) => !p.admitted);
  const chosen = all ? waiting : waiting.filter((p) => participantIds.includes(p.id));
  for (const p of chosen) {
    enter(core, p);
    core.emit('admitted', core.view(p), core.snapshotFor(p));
  }
  if (chosen.length === 0) return;
  core.emit('lobbyChanged', core.participants.lobby());
  // Kept: a restart within their grace period does not send them back to the lobby.
  const students = chosen.filter((p) => p.role === 'student').map((p) => p.userId);
  for (const userId of students) core.admittedFromLobby.add(userId);
  if (students.length > 0) core.decide({ kind: 'admission', userIds: students, admitted: true });
}

export function deny(core: RoomCore, actorId: string, participantId: string, reason: string): void {
  teacher(core, actorId, 'deny entry');
  const p = core.participants.require(participantId);
  if (p.admitted) throw new ConflictError('This student is already in the lesson');
  const text = cleanText(reason, 'Reason', LIMITS.reason, 0);
  core.participants.delete(p.id);
  core.emit('denied', core.view(p), text);
  core.emit('lobbyChanged', core.participants.lobby());
}

export function updateSettings(core: RoomCore, actorId: string, change: Partial<Pick<LessonSettings, 'locked' | 'autoAdmit' | 'studentsCanUnmute'>>): void {
  const actor = teacher(core, actorId, 'change the lesson settings');
  const before = core.settings;
  core.settings = { ...before, ...definedOnly(change) };
  const { locked, autoAdmit, studentsCanUnmute } = core.settings;
  core.decide({ kind: 'settings', settings: { locked, autoAdmit, studentsCanUnmute } });
  core.emit('settingsChanged', { ...core.settings });
  // Switching auto-admit on lets in the class members who are already waiting.
  if (core.settings.autoAdmit && !before.autoAdmit) {
    const members = core.participants.all().filter((p) => !p.admitted && p.classMember);
    admit(core, actor.id, members.map((p) => p.id), false);
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const FLAG: Record<MediaSource, 'micOn' | 'cameraOn' | 'screenOn'> = { microphone: 'micOn', camera: 'cameraOn', screen: 'screenOn' };
const OFF_ACTIVITY = { microphone: 'mic_off', camera: 'camera_off', screen: 'screen_off' } as const;

/** Turns off one participant's device, or every student's with `all`. */
export function forceMediaOff(core: RoomCore, actorId: string, target: { participantId: string; all: boolean }, source: MediaSource): void {
  const actor = teacher(core, actorId, "turn off a participant's devices");
  const targets = target.all ? core.presentStudents() : [requireAdmitted(core, target.participantId)];
  for (const p of targets) {
    if (p.id === actor.id) continue;
    turnOff(core, p, source, actor.id);
  }
}

export function turnOff(core: RoomCore, p: ParticipantRecord, source: MediaSource, byId: string): void {
  const flag = FLAG[source];
  if (!p[flag]) return;
  p[flag] = false;
  core.activity(p, OFF_ACTIVITY[source]);
  core.emit('mediaForcedOff', core.view(p), source, byId);
  core.updated(p);
}

export function removeParticipant(core: RoomCore, actorId: string, participantId: string, reason: string): void {
  teacher(core, actorId, 'remove a participant');
  const p = core.participants.require(participantId);
  if (p.role === 'teacher') throw new NotAuthorizedError('A teacher cannot be removed from the lesson');
  const text = cleanText(reason, 'Reason', LIMITS.reason, 0);
  core.removedUsers.add(p.userId);
  core.decide({ kind: 'removed', userId: p.userId });
  core.emit('removed', core.view(p), text);
  core.leave(p, 'removed');
}

export function setScreenSharePermission(core: RoomCore, actorId: string, participantId: string, allowed: boolean): void {
  const actor = teacher(core, actorId, 'allow screen sharing');
  const p = requireAdmitted(core, participantId);
  if (p.role === 'teacher') return; // teachers may always share
  p.canShareScreen = allowed;
  if (allowed) core.screenSharers.add(p.userId);
  else core.screenSharers.delete(p.userId);
  core.decide({ kind: 'screenShare', userId: p.userId, allowed });
  if (!allowed && p.screenOn) turnOff(core, p, 'screen', actor.id);
  else core.updated(p);
}

/** Ends the lesson for everyone: the room leaves nobody behind and accepts nobody after. */
export function endLesson(core: RoomCore, actorId: string): void {
  const actor = teacher(core, actorId, 'end the lesson');
  core.ended = true;
  core.emit('ended', actor.id);
  const now = core.clock.now();
  for (const p of core.participants.all()) core.leave(p, 'lesson_ended', now);
  core.eachFeature('lessonEnded', (_name, f) => f.lessonEnded?.());
}
