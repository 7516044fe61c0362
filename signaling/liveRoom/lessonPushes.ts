/**
 * Domain events of a lesson room -> pushes to the right connections, media changes, and the
 * attendance record. One table, so "who is told what" is readable in one place.
 */
import type { ParticipantView } from '../../classroom/index.js';
import { CLOSE } from '../ws/closeCodes.js';
import type { LessonHub, LessonHubDeps } from './LessonHub.js';

const isTeacher = (p: ParticipantView) => p.role === 'teacher';

export function wirePushes(hub: LessonHub, deps: LessonHubDeps): void {
  const { room, media, logger } = hub;
  const mediaFailed = (what: string) => (err: unknown) => logger.warn({ err }, `media: ${what} failed`);
  const emptyCheck = () => {
    if (room.empty && !hub.hasSessions()) deps.onEmpty(hub);
  };

  room.on('participantJoined', (p) => {
    deps.onParticipantsChanged(p.role, 1);
    if (p.role === 'teacher') deps.onStarted(room.id);
    hub.broadcast({ type: 'participantJoined', participant: p }, (x) => x.id !== p.id);
  });
  room.on('participantUpdated', (p) => {
    hub.broadcast({ type: 'participantUpdated', participant: p });
    media.updated(p).catch(mediaFailed('relay update'));
  });
  room.on('participantLeft', (p, reason) => {
    deps.onParticipantsChanged(p.role, -1);
    hub.broadcast({ type: 'participantLeft', participantId: p.id, reason }, (x) => x.id !== p.id);
    media.remove(p.id, p.groupId).catch(mediaFailed('remove'));
    if (reason === 'disconnected' || reason === 'left') hub.disconnectSession(p.id, CLOSE.normal, 'Left the lesson');
    emptyCheck();
  });
  room.on('participantMoved', (p, from) => {
    media.moved(p, from).catch(mediaFailed('move'));
  });
  room.on('lobbyChanged', (entries) => {
    hub.broadcast({ type: 'lobbyUpdated', entries }, isTeacher);
    emptyCheck();
  });
  room.on('admitted', (p, snapshot) => {
    hub.push(p.id, { type: 'admission', admitted: true, snapshot, deniedReason: '' });
    hub.enterMedia(p);
  });
  room.on('denied', (p, reason) => {
    hub.push(p.id, { type: 'admission', admitted: false, snapshot: undefined, deniedReason: reason });
    hub.disconnectSession(p.id, CLOSE.forbidden, 'Entry denied');
  });
  room.on('chatMessage', (message) => hub.broadcast({ type: 'chat', message }, (x) => x.groupId === message.groupId));
  room.on('handQueueChanged', (entries) => hub.broadcast({ type: 'handQueue', entries }));
  room.on('reaction', (participantId, kind, groupId, atMs) =>
    hub.broadcast({ type: 'reaction', participantId, kind, sentAtMs: atMs }, (x) => x.groupId === groupId),
  );
  room.on('settingsChanged', (settings) => hub.broadcast({ type: 'settingsUpdated', settings }));
  room.on('breakoutChanged', (breakout) => hub.broadcast({ type: 'breakout', breakout }));
  room.on('groupBroadcast', (text, from, atMs) => hub.broadcast({ type: 'groupBroadcast', text, fromParticipantId: from, sentAtMs: atMs }));
  room.on('mediaForcedOff', (p, source, by) => hub.push(p.id, { type: 'forcedMediaOff', source, byParticipantId: by }));
  room.on('removed', (p, reason) => {
    hub.push(p.id, { type: 'removed', reason });
    hub.disconnectSession(p.id, CLOSE.forbidden, 'Removed by the teacher');
  });
  room.on('ended', (by) => {
    // Everyone, the lobby included, hears it before the room empties itself.
    hub.pushAll({ type: 'lessonEnded', endedBy: by });
    deps.onEnded(room.id);
  });
  room.on('activity', (activity) => deps.onActivity(activity));
}
