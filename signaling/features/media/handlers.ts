/** Media negotiation requests (docs/protocol.md "Media negotiation"). */
import { ConflictError, NotAuthorizedError, ValidationError } from '../../../platform/index.js';
import type { LessonHub } from '../../liveRoom/LessonHub.js';
import type { ClientSession } from '../../ws/ClientSession.js';
import { joined, type Handler, type HandlerDeps } from '../context.js';

/** Media is only for participants inside the lesson, not for the lobby. */
function admitted(session: ClientSession, deps: HandlerDeps): { hub: LessonHub; participantId: string } {
  const j = joined(session, deps);
  if (!j.hub.room.isAdmitted(j.participantId)) throw new ConflictError('Wait until the teacher lets you in', 'NOT_JOINED');
  return j;
}

export const publish: Handler<'publish'> = async (session, req, deps) => {
  const { hub, participantId } = admitted(session, deps);
  const sources = req.tracks.map((t) => t.source);
  if (new Set(sources).size !== sources.length) throw new ValidationError('Each source may be published once');
  if (new Set(req.tracks.map((t) => t.mid)).size !== req.tracks.length) throw new ValidationError('Each track needs its own mid');
  const self = hub.room.participant(participantId);
  if (sources.includes('screen') && !self?.canShareScreen) {
    throw new NotAuthorizedError('The teacher has not allowed you to share your screen');
  }
  const sdp = await hub.media.publish(participantId, req.sdp, req.tracks);
  return { type: 'publish', sdp };
};

export const subscriberAnswer: Handler<'subscriberAnswer'> = async (session, req, deps) => {
  const { hub, participantId } = admitted(session, deps);
  await hub.media.answer(participantId, req.revision, req.sdp);
};

export const trickle: Handler<'trickle'> = async (session, req, deps) => {
  const { hub, participantId } = admitted(session, deps);
  await hub.media.trickle(participantId, req.target, req.candidate);
};

export const setVideoPreferences: Handler<'setVideoPreferences'> = async (session, req, deps) => {
  const { hub, participantId } = admitted(session, deps);
  await hub.media.setLayers(participantId, req.preferences);
};

export const setMediaState: Handler<'setMediaState'> = async (session, req, deps) => {
  const { hub, participantId } = admitted(session, deps);
  await hub.room.setMediaState(participantId, { micOn: req.micOn, cameraOn: req.cameraOn, screenOn: req.screenOn });
};

export const qualityReport: Handler<'qualityReport'> = async (session, req, deps) => {
  const { hub, participantId } = admitted(session, deps);
  await hub.room.reportQuality(participantId, { rttMs: req.rttMs, lossPermille: req.lossPermille });
};

export const restartMedia: Handler<'restartMedia'> = async (session, _req, deps) => {
  const { hub, participantId } = admitted(session, deps);
  await hub.media.restart(participantId);
};
