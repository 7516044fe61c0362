/** What every admitted participant does: devices, connection quality, chat (R2). */
import { ConflictError, NotAuthorizedError, newId } from '../../platform/index.js';
import { chatToKeep } from './ChatLog.js';
import { chatSlot } from './LessonStateTypes.js';
import type { ChatEntry, ConnectionQuality, MediaStateChange } from './LiveRoomTypes.js';
import type { ParticipantRecord } from './Participants.js';
import type { RoomCore } from './RoomCore.js';
import { LIMITS, cleanText } from './rules.js';

export function requireAdmitted(core: RoomCore, participantId: string): ParticipantRecord {
  const p = core.participants.require(participantId);
  if (!p.admitted) throw new ConflictError('Wait until the teacher lets you in', 'NOT_JOINED');
  return p;
}

export function setMediaState(core: RoomCore, participantId: string, change: MediaStateChange): void {
  const p = requireAdmitted(core, participantId);
  if (change.micOn && !p.micOn && p.role === 'student' && !core.settings.studentsCanUnmute) {
    throw new NotAuthorizedError('The teacher has not allowed students to turn on their microphones');
  }
  if (change.screenOn && !p.screenOn && !p.canShareScreen) {
    throw new NotAuthorizedError('The teacher has not allowed you to share your screen');
  }
  const now = core.clock.now();
  let changed = false;
  if (change.micOn !== p.micOn) {
    p.micOn = change.micOn;
    core.activity(p, p.micOn ? 'mic_on' : 'mic_off', now);
    changed = true;
  }
  if (change.cameraOn !== p.cameraOn) {
    p.cameraOn = change.cameraOn;
    core.activity(p, p.cameraOn ? 'camera_on' : 'camera_off', now);
    changed = true;
  }
  if (change.screenOn !== p.screenOn) {
    p.screenOn = change.screenOn;
    core.activity(p, p.screenOn ? 'screen_on' : 'screen_off', now);
    changed = true;
  }
  if (changed) core.updated(p);
}

/**
 * Connection quality from the client's own measurements: loss dominates (it is what students
 * hear as broken audio), round-trip time separates good from fair.
 */
export function qualityFrom(report: { rttMs: number; lossPermille: number }): ConnectionQuality {
  if (report.lossPermille >= 80 || report.rttMs >= 800) return 'poor';
  if (report.lossPermille >= 20 || report.rttMs >= 300) return 'fair';
  return 'good';
}

export function reportQuality(core: RoomCore, participantId: string, report: { rttMs: number; lossPermille: number }): void {
  const p = requireAdmitted(core, participantId);
  const quality = qualityFrom(report);
  if (quality === p.quality) return;
  p.quality = quality;
  core.updated(p);
}

export function sendChat(core: RoomCore, participantId: string, text: string): ChatEntry {
  const p = requireAdmitted(core, participantId);
  const entry: ChatEntry = {
    id: newId('m'),
    participantId: p.id,
    displayName: p.displayName,
    text: cleanText(text, 'Message', LIMITS.chatText),
    sentAtMs: core.clock.now(),
    groupId: p.groupId,
  };
  const logged = { entry, userId: p.userId };
  core.chat.append(logged);
  core.kept?.append(chatSlot(entry.groupId), chatToKeep(logged), core.chat.capacity);
  core.emit('chatMessage', entry);
  core.eachFeature('chatSent', (_name, f) => f.chatSent?.(entry));
  core.activity(p, 'chat_message', entry.sentAtMs);
  return entry;
}
