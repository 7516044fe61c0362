/**
 * Media negotiation requests (docs/protocol.md "Media negotiation"): decode (the codec) -> check
 * who may -> LessonMedia, which keeps the lesson's rules -> answer.
 */
import { RECORDING, type MediaSource } from '../../../classroom/index.js';
import { ConflictError, NotAuthorizedError } from '../../../platform/index.js';
import type { MediaRequest } from './codec.js';
import type { LessonHub } from '../../liveRoom/LessonHub.js';
import type { ClientSession } from '../../ws/ClientSession.js';
import { joined, type Handler, type HandlerDeps, type HandlerTable } from '../context.js';

/** Media is only for participants inside the lesson, not for the lobby. */
function admitted(session: ClientSession, deps: HandlerDeps): { hub: LessonHub; participantId: string } {
  const j = joined(session, deps);
  if (!j.hub.room.isAdmitted(j.participantId)) throw new ConflictError('Wait until the teacher lets you in', 'NOT_JOINED');
  return j;
}

function mayShare(hub: LessonHub, participantId: string, sources: readonly MediaSource[]): void {
  if (sources.includes('screen') && !hub.room.participant(participantId)?.canShareScreen) {
    throw new NotAuthorizedError('The teacher has not allowed you to share your screen');
  }
}

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

export const mediaSetup: Handler<'mediaSetup'> = async (session, req, deps) => {
  const { hub, participantId } = admitted(session, deps);
  const { send, recv } = await hub.media.setup(participantId, req.rtpCapabilities);
  return { type: 'mediaSetup', send, recv };
};

export const connectTransport: Handler<'connectTransport'> = async (session, req, deps) => {
  const { hub, participantId } = admitted(session, deps);
  await hub.media.connectTransport(participantId, req.direction, req.dtlsParameters);
};

export const produce: Handler<'produce'> = async (session, req, deps) => {
  const { hub, participantId } = admitted(session, deps);
  mayShare(hub, participantId, [req.source]);
  const producerId = await hub.media.produce(participantId, req.source, req.kind, req.rtpParameters);
  // The school may record every lesson from the teacher's first media (R17); not awaited: the
  // publisher's answer does not wait for the recorder.
  void hub.room.feature(RECORDING).mediaPublished(participantId);
  return { type: 'produce', producerId };
};

export const unpublish: Handler<'unpublish'> = async (session, req, deps) => {
  const { hub, participantId } = admitted(session, deps);
  await hub.media.unpublish(participantId, req.source);
};

export const resumeConsumer: Handler<'resumeConsumer'> = async (session, req, deps) => {
  const { hub, participantId } = admitted(session, deps);
  await hub.media.resumeConsumer(participantId, req.consumerId);
};

export const restartIce: Handler<'restartIce'> = async (session, req, deps) => {
  const { hub, participantId } = admitted(session, deps);
  const iceParameters = await hub.media.restartIce(participantId, req.direction);
  return { type: 'restartIce', iceParameters };
};

/** docs/protocol.md "The first sound": an admitted participant hears its room's teacher before its media library has loaded. */
export const firstSound: Handler<'firstSound'> = async (session, _req, deps) => {
  const { hub, participantId } = admitted(session, deps);
  if (deps.firstSound === false) return { type: 'firstSound' };
  const sound = await hub.media.firstSound(participantId);
  return sound ? { type: 'firstSound', sound } : { type: 'firstSound' };
};

export const firstSoundConnect: Handler<'firstSoundConnect'> = async (session, req, deps) => {
  const { hub, participantId } = admitted(session, deps);
  await hub.media.connectFirstSound(participantId, req.transportId, req.dtlsParameters);
};

export const firstSoundClose: Handler<'firstSoundClose'> = async (session, req, deps) => {
  const { hub, participantId } = admitted(session, deps);
  hub.media.closeFirstSound(participantId, req.transportId);
};

export const handlers: HandlerTable<MediaRequest> = {
  setVideoPreferences,
  setMediaState,
  qualityReport,
  restartMedia,
  mediaSetup,
  connectTransport,
  produce,
  unpublish,
  resumeConsumer,
  restartIce,
  firstSound,
  firstSoundConnect,
  firstSoundClose,
};
