/** join / leave: credentials -> the lesson's room -> JoinResponse (docs/protocol.md "Joining"). */
import { cleanGuestName } from '../../../classroom/index.js';
import { ConflictError, RateLimitedError } from '../../../platform/index.js';
import { PROTOCOL_VERSION } from '../../../proto/index.js';
import { LessonElsewhereError } from '../../liveRoom/LessonHubs.js';
import { CLOSE } from '../../ws/closeCodes.js';
import type { RtpCapabilities } from '../../../sfu/index.js';
import type { LessonHub } from '../../liveRoom/LessonHub.js';
import { joined, type Handler, type HandlerDeps } from '../context.js';

export const join: Handler<'join'> = async (session, req, deps) => {
  const started = performance.now();
  try {
    const body = await doJoin(session, req, deps);
    deps.metrics.joinFinished(body.type === 'redirect' ? 'redirected' : body.admission, (performance.now() - started) / 1000);
    return body;
  } catch (err) {
    deps.metrics.joinFinished((err as { code?: string }).code ?? 'INTERNAL', (performance.now() - started) / 1000);
    throw err;
  }
};

async function doJoin(...[session, req, deps]: Parameters<Handler<'join'>>) {
  if (session.binding) throw new ConflictError('This connection has already joined');
  if (req.protocolVersion !== PROTOCOL_VERSION) {
    throw new ConflictError(`Protocol version ${req.protocolVersion} is not supported: reload the page`, 'UNSUPPORTED_VERSION');
  }
  const auth = await deps.authenticator.authenticate({
    lessonId: req.lessonId,
    joinToken: req.joinToken,
    cookieHeader: session.cookieHeader,
    lessonPassword: req.lessonPassword,
    remoteAddress: session.remoteAddress,
  });
  const waitMs = deps.joinLimiter.take(auth.identity.userId, deps.clock.now());
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    throw new RateLimitedError(`Too many joins; try again in ${seconds} s`, seconds);
  }
  // Signed-in people are shown by their roster name; a guest's own choice is cleaned (issue 13.5).
  const displayName = auth.guest ? cleanGuestName(req.displayName || auth.identity.displayName) : auth.identity.displayName;
  // A ticket naming another node: the client lost that node (docs/cluster.md "Routing").
  const ticketNode = deps.routes.nodeOf(req.routeTicket, auth.lessonId);
  const lostOwner = ticketNode !== deps.nodeId ? ticketNode : undefined;
  let hub;
  try {
    hub = await deps.hubs.open(auth.lessonId, lostOwner ? { lostOwner } : {});
  } catch (err) {
    if (!(err instanceof LessonElsewhereError)) throw err;
    return { type: 'redirect' as const, node: err.route, ticket: deps.routes.mint(auth.lessonId, err.ownerId) };
  }
  // Before joining: a join that cannot give the media capabilities must leave no participant.
  const rtpCapabilities = await hub.media.rtpCapabilities();
  const result = await hub.join(session, auth.identity, {
    displayName,
    micOn: req.micOn,
    cameraOn: req.cameraOn,
  });
  const participantId = result.participant.id;
  const media = req.mediaAtJoin && result.status === 'admitted' ? await transportsAtJoin(hub, participantId, rtpCapabilities, deps) : undefined;
  return {
    type: 'join' as const,
    participantId,
    resumeToken: deps.links.mintResume(auth.lessonId, participantId, auth.identity.userId, deps.resumeTtlMs),
    admission: result.status,
    snapshot: result.status === 'admitted' ? result.snapshot : undefined,
    serverTimeMs: deps.clock.now(),
    // TURN last: browsers try the direct paths (and the SFU's own TCP) before relaying.
    iceServers: deps.turn ? [...deps.iceServers, deps.turn.iceServerFor(auth.identity.userId, deps.clock.now())] : deps.iceServers,
    rtpCapabilities,
    ...(media ? { media } : {}),
    routeTicket: deps.routes.mint(auth.lessonId, deps.nodeId),
  };
}

/**
 * The transports of a join that asked for them (`media_at_join`, docs/protocol.md "Joining"),
 * made for a device that receives what the router offers: every browser the client supports
 * receives Opus and VP8 with the router's payload types, and a client whose device differs sends
 * a MediaSetupRequest with its own (which replaces these). Saves that request's round trip on
 * the way to the first sound. A failure is not the join's: the answer goes without them and the
 * client sets its media up as before.
 */
async function transportsAtJoin(hub: LessonHub, participantId: string, rtpCapabilities: RtpCapabilities, deps: HandlerDeps) {
  try {
    return await hub.media.setup(participantId, rtpCapabilities);
  } catch (err) {
    deps.logger.warn({ err, participant: participantId }, 'transports at join failed: the client sets up its media itself');
    return undefined;
  }
}

export const leave: Handler<'leave'> = async (session, _req, deps) => {
  const { hub, participantId } = joined(session, deps);
  await hub.leave(session, participantId);
  session.closeAfterAnswer(CLOSE.normal, 'Left the lesson');
};
