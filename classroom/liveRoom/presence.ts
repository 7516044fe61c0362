/** Entering and leaving a live lesson: admission decision, rejoin, reconnect grace (R3). */
import { ConflictError, NotAuthorizedError } from '../../platform/index.js';
import type { JoinIdentity, JoinResult } from './LiveRoomTypes.js';
import type { ParticipantRecord } from './Participants.js';
import type { RoomCore } from './RoomCore.js';
import { LIMITS, cleanText } from './rules.js';

export interface JoinOptions {
  /** Overrides the account's name when given (1..64 characters). */
  displayName?: string;
  micOn: boolean;
  cameraOn: boolean;
}

export function join(core: RoomCore, identity: JoinIdentity, options: JoinOptions): JoinResult {
  if (core.ended) throw new ConflictError('This lesson has ended', 'LESSON_ENDED');
  if (core.removedUsers.has(identity.userId)) throw new NotAuthorizedError('The teacher removed you from this lesson');
  const name = cleanText(options.displayName || identity.displayName, 'Display name', LIMITS.displayName);
  const existing = core.participants.byUser(identity.userId);
  if (existing) return rejoin(core, existing, name, options);

  if (identity.role === 'student' && !identity.classMember) {
    throw new NotAuthorizedError('You are not a member of the class of this lesson');
  }
  // A student the teacher had let in before the room was made again (a restart) comes back in
  // like after a dropped connection: neither the lobby nor the lock applies (issue 13.4).
  const resumed = identity.role === 'student' && restoredAdmission(core, identity.userId);
  if (identity.role === 'student' && core.settings.locked && !resumed) {
    throw new ConflictError('The teacher has locked this lesson', 'LESSON_LOCKED');
  }
  const admit = identity.role === 'teacher' || core.settings.autoAdmit || resumed;
  const p = core.participants.create(identity, name, admit, core.clock.now());
  if (core.screenSharers.has(p.userId)) p.canShareScreen = true;
  if (resumed) core.admittedFromLobby.add(p.userId);
  setInitialMedia(core, p, options);
  if (!admit) {
    core.emit('lobbyChanged', core.participants.lobby());
    return { status: 'waiting', participant: core.view(p) };
  }
  enter(core, p);
  return { status: 'admitted', participant: core.view(p), snapshot: core.snapshotFor(p), resumed: false };
}

/** True (once) when the user's restored admission holds now; one that expired is forgotten. */
function restoredAdmission(core: RoomCore, userId: string): boolean {
  const until = core.restoredAdmissions.get(userId);
  if (until === undefined) return false;
  core.restoredAdmissions.delete(userId);
  if (core.clock.now() <= until) return true;
  core.decide({ kind: 'admission', userIds: [userId], admitted: false });
  return false;
}

/** The same user again (another tab, a reconnection): continue the same participant. */
function rejoin(core: RoomCore, p: ParticipantRecord, name: string, options: JoinOptions): JoinResult {
  if (p.graceTimer) clearTimeout(p.graceTimer);
  p.graceTimer = undefined;
  p.displayName = name;
  if (p.connection === 'reconnecting') {
    p.connection = 'connected';
    p.disconnectedAtMs = 0;
  }
  if (!p.admitted) {
    setInitialMedia(core, p, options);
    return { status: 'waiting', participant: core.view(p) };
  }
  core.updated(p);
  return { status: 'admitted', participant: core.view(p), snapshot: core.snapshotFor(p), resumed: true };
}

/** Devices a student may not turn on by themselves start off (the teacher's settings decide). */
function setInitialMedia(core: RoomCore, p: ParticipantRecord, options: JoinOptions): void {
  const micAllowed = p.role === 'teacher' || core.settings.studentsCanUnmute;
  p.micOn = options.micOn && micAllowed;
  p.cameraOn = options.cameraOn;
}

/** Moves a participant from the lobby (or nowhere) into the lesson. */
export function enter(core: RoomCore, p: ParticipantRecord): void {
  const now = core.clock.now();
  p.admitted = true;
  p.joinedAtMs = now;
  p.groupId = roomOnEntry(core, p);
  core.emit('participantJoined', core.view(p));
  core.activity(p, 'join', now);
  if (p.micOn) core.activity(p, 'mic_on', now);
  if (p.cameraOn) core.activity(p, 'camera_on', now);
  const view = core.view(p);
  core.eachFeature('participantEntered', (_name, f) => f.participantEntered?.(view));
}

/** The room a participant enters: the first feature with an opinion decides, else the main room. */
function roomOnEntry(core: RoomCore, p: ParticipantRecord): string {
  let room: string | undefined;
  core.eachFeature('roomOnEntry', (_name, f) => {
    room ??= f.roomOnEntry?.(p.id);
  });
  return room ?? '';
}

/**
 * The participant's connection dropped. It stays in the lesson as "reconnecting" for the grace
 * period; `expire` is scheduled to run (through the room's queue) when the period ends.
 */
export function disconnect(core: RoomCore, participantId: string, graceMs: number, expire: () => void): void {
  const p = core.participants.get(participantId);
  if (!p || p.connection === 'reconnecting') return;
  p.connection = 'reconnecting';
  p.disconnectedAtMs = core.clock.now();
  core.updated(p);
  p.graceTimer = setTimeout(expire, graceMs);
  p.graceTimer.unref?.();
}

/** The grace period ended without a reconnection: the participant left when it dropped. */
export function expireGrace(core: RoomCore, participantId: string): void {
  const p = core.participants.get(participantId);
  if (!p || p.connection !== 'reconnecting') return;
  p.graceTimer = undefined;
  core.admissionEnded(p);
  core.leave(p, 'disconnected', p.disconnectedAtMs);
}
