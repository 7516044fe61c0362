/**
 * The signaling messages as hand-written types (conventions §5): handlers and the rest of the
 * server use these; only the codec maps them to and from the generated protobuf classes.
 */
import type {
  ChatEntry,
  LeaveReason,
  LessonSettings,
  LessonSnapshot,
  LobbyEntry,
  MediaSource,
  ParticipantView,
} from '../../classroom/index.js';
import type { ErrorCode } from '../../platform/index.js';
import type { SliceBody, SliceRequest } from '../features/index.js';
import type { RtpCapabilities, TransportOptions } from '../../sfu/index.js';

export type VideoLayerChoice = 'high' | 'medium' | 'low' | 'off';

export interface IceServerConfig {
  urls: string[];
  username?: string;
  credential?: string;
}

/** The live room's own requests (presence, chat, supervision, media); the features' are their slices'. */
export type CoreRequest =
  | {
      type: 'join';
      protocolVersion: number;
      lessonId: string;
      joinToken: string;
      displayName: string;
      lessonPassword: string;
      resumeToken: string;
      /** From a Redirect ('' when none): signed by the node that sent the client here. */
      routeTicket: string;
      micOn: boolean;
      cameraOn: boolean;
      /** Create the transports now and answer them in the JoinResponse (saves MediaSetup's round trip). */
      mediaAtJoin: boolean;
    }
  | { type: 'leave' }
  | { type: 'sendChat'; text: string }
  | { type: 'endLesson' }
  | { type: 'admit'; participantIds: string[]; all: boolean }
  | { type: 'deny'; participantId: string; reason: string }
  | { type: 'updateSettings'; locked?: boolean; autoAdmit?: boolean; studentsCanUnmute?: boolean }
  | { type: 'forceMediaOff'; participantId: string; all: boolean; source: MediaSource }
  | { type: 'removeParticipant'; participantId: string; reason: string }
  | { type: 'setScreenSharePermission'; participantId: string; allowed: boolean }
  | { type: 'getAttendance' };

/** Every request of the contract: `type` is its ClientMessage oneof field. */
export type ClientRequest = CoreRequest | SliceRequest;

export type ClientRequestType = ClientRequest['type'];

export interface DecodedRequest {
  requestId: number;
  request: ClientRequest;
}

export interface AttendanceRowView {
  userId: string;
  displayName: string;
  code: string;
  presentNow: boolean;
  attended: boolean;
  firstJoinMs: number;
  lastLeaveMs: number;
  presentMs: number;
  cameraOnMs: number;
  micOnMs: number;
  screenOnMs: number;
  handRaises: number;
  chatMessages: number;
  quizAnswers: number;
  quizCorrect: number;
  late: boolean;
  leftEarly: boolean;
  joinCount: number;
  lastLeaveReason: LeaveReason | '';
}

/** The live room's own answers and pushes; the features' are their slices'. */
export type CoreBody =
  | { type: 'error'; code: ErrorCode; message: string; reason?: string }
  | { type: 'ack' }
  | {
      type: 'join';
      participantId: string;
      resumeToken: string;
      admission: 'admitted' | 'waiting';
      snapshot: LessonSnapshot | undefined;
      serverTimeMs: number;
      iceServers: IceServerConfig[];
      /** What the client's device loads before its media starts. */
      rtpCapabilities: RtpCapabilities;
      /** Both transports, made at the join for a device that receives `rtpCapabilities` (asked by `mediaAtJoin`). */
      media?: { send: Omit<TransportOptions, 'direction'>; recv: Omit<TransportOptions, 'direction'> };
      /** Names this node (RouteTickets): the client sends it back on its next join. Default ''. */
      routeTicket?: string;
    }
  | { type: 'attendance'; rows: AttendanceRowView[]; generatedAtMs: number }
  /** To a join on a node that does not host the lesson: join again through `?node=<node>`. */
  | { type: 'redirect'; node: string; ticket: string }
  | { type: 'admission'; admitted: boolean; snapshot: LessonSnapshot | undefined; deniedReason: string }
  | { type: 'participantJoined'; participant: ParticipantView }
  | { type: 'participantLeft'; participantId: string; reason: LeaveReason }
  | { type: 'participantUpdated'; participant: ParticipantView }
  | { type: 'lobbyUpdated'; entries: LobbyEntry[] }
  | { type: 'settingsUpdated'; settings: LessonSettings }
  | { type: 'lessonEnded'; endedBy: string }
  | { type: 'removed'; reason: string }
  | { type: 'chat'; message: ChatEntry };

/** Every answer and push of the contract: `type` is its ServerMessage oneof field. */
export type ServerBody = CoreBody | SliceBody;

export type ServerBodyType = ServerBody['type'];
