/**
 * What every request handler gets, and the checks they share. A handler decodes nothing (the
 * codec did), checks who may do it, calls the domain, and returns the answer's body (or
 * nothing for an Ack).
 */
import { ConflictError, type Clock, type Logger } from '../../platform/index.js';
import type { JoinAuthenticator } from '../auth/JoinAuthenticator.js';
import type { JoinLinks } from '../auth/JoinLinks.js';
import type { RouteTickets } from '../cluster/RouteTickets.js';
import type { ClientRequest, IceServerConfig, ServerBody } from '../codec/messages.js';
import type { LessonHub } from '../liveRoom/LessonHub.js';
import type { LessonHubs } from '../liveRoom/LessonHubs.js';
import type { SignalingMetrics } from '../metrics.js';
import type { ClientSession } from '../ws/ClientSession.js';
import type { KeyedRateLimiter } from '../ws/KeyedRateLimiter.js';
import type { NegotiationLimits } from '../ws/negotiationLimits.js';
import type { TurnCredentials } from '../turn/TurnCredentials.js';

/** Who asks for a live lesson's attendance: the participant's user, from where. */
export interface AttendanceViewer {
  userId: string;
  ip: string | null;
}

export interface AttendanceSource {
  /** The attendance table of a lesson, for someone the policy allows (its teachers, the admin). */
  report(lessonId: string, viewer: AttendanceViewer): Promise<ServerBody & { type: 'attendance' }>;
  /**
   * Runs a request's handler and resolves with its answer once the attendance facts that
   * handler recorded are stored (at once when it recorded none); rejects UNAVAILABLE when one of
   * them could not be stored. Facts recorded meanwhile by other requests are not waited for.
   */
  answerWhenStored<T>(handler: () => Promise<T>): Promise<T>;
}

export interface HandlerDeps {
  hubs: LessonHubs;
  authenticator: JoinAuthenticator;
  links: JoinLinks;
  /** Which node a client was on (docs/cluster.md "Routing"). */
  routes: RouteTickets;
  /** This node's cluster id. */
  nodeId: string;
  attendance: AttendanceSource;
  iceServers: IceServerConfig[];
  /** Mints the per-join TURN credential; absent when no TURN server is configured. */
  turn?: TurnCredentials;
  /** Lifetime of resume tokens: the reconnection grace period plus a margin. */
  resumeTtlMs: number;
  /** Joins per user (issue 13.6). */
  joinLimiter: KeyedRateLimiter;
  /** Media negotiations per user and lesson, media sections per offer (issue 13.6). */
  negotiationLimits: NegotiationLimits;
  /** False: FirstSoundRequest is answered empty (config media.firstSound). Default true. */
  firstSound?: boolean;
  clock: Clock;
  metrics: SignalingMetrics;
  logger: Logger;
}

export type Handler<T extends ClientRequest['type']> = (
  session: ClientSession,
  request: Extract<ClientRequest, { type: T }>,
  deps: HandlerDeps,
) => Promise<ServerBody | void>;

/** One handler per request type of `R` (a slice's requests, or all of them). */
export type HandlerTable<R extends { type: string } = ClientRequest> = {
  [T in R['type']]: (session: ClientSession, request: Extract<R, { type: T }>, deps: HandlerDeps) => Promise<ServerBody | void>;
};

/** The lesson and participant this connection speaks for; NOT_JOINED before a join. */
export function joined(session: ClientSession, deps: HandlerDeps): { hub: LessonHub; participantId: string } {
  const binding = session.binding;
  const hub = binding ? deps.hubs.get(binding.lessonId) : undefined;
  if (!binding || !hub || hub.closed) throw new ConflictError('Join a lesson first', 'NOT_JOINED');
  return { hub, participantId: binding.participantId };
}
