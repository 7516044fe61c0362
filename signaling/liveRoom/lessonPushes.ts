/**
 * Domain events of a lesson room -> pushes to the right connections, media changes, and the
 * attendance record. One table for the room's own events, so "who is told what" is readable
 * in one place; a live feature's events carry their audience, chosen by the feature, and
 * become bodies through its slice's push table.
 */
import type { FeatureEvent, ParticipantView } from '../../classroom/index.js';
import type { ServerBody } from '../codec/messages.js';
import { slicePushes, type SliceEvent } from '../features/index.js';
import { CLOSE } from '../ws/closeCodes.js';
import type { LessonHub, LessonHubDeps } from './LessonHub.js';

const isTeacher = (p: ParticipantView) => p.role === 'teacher';

type AnyPush = (event: FeatureEvent) => ServerBody;

/** The body of a feature's event, from the slice that owns its type (undefined: no slice does). */
function featureBody(event: FeatureEvent): ServerBody | undefined {
  if (!Object.hasOwn(slicePushes, event.type)) return undefined;
  // Keyed by event type: the entry found was written for events of exactly this type.
  const push = slicePushes[event.type as SliceEvent['type']] as AnyPush;
  return push(event);
}

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
  room.on('feature', (audience, event) => {
    const body = featureBody(event);
    if (body) hub.deliver(audience, body);
    else logger.error({ event: event.type }, 'a live feature told an event no slice pushes');
  });
  room.on('settingsChanged', (settings) => hub.broadcast({ type: 'settingsUpdated', settings }));
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
