import type {
  DtlsParameters,
  IceParameters,
  RtpCapabilities,
  RtpCapabilitiesInput,
  RtpParameters,
  RtpParametersInput,
  TransportDirection,
  TransportOptions,
} from '../../proto/index.js';

/**
 * The client's own types for what travels over the signaling socket. They are written by hand
 * on purpose: generated protobuf types stop at the codec (codec*.ts), so the rest of the app
 * never sees a proto class, a `null` default or a numeric enum (conventions §5). The live
 * room's own messages are here; each live feature's are in features/<feature>.ts.
 */
import type { FeaturePush, FeatureRequest, FeatureSnapshot, FirstSoundOffer } from './features/index.js';

export type * from './features/index.js';

export type Role = 'teacher' | 'student';
export type ConnectionState = 'connected' | 'reconnecting';
/** 'unknown' until the participant's first quality report. */
export type ConnectionQuality = 'unknown' | 'good' | 'fair' | 'poor';
export type TrackSource = 'microphone' | 'camera' | 'screen';
export type VideoLayer = 'high' | 'medium' | 'low' | 'off';
export type AdmissionStatus = 'admitted' | 'waiting';
export type LeaveReason = 'left' | 'disconnected' | 'removed' | 'lesson-ended';

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_LARGE'
  | 'RATE_LIMITED'
  | 'UNSUPPORTED_VERSION'
  | 'NOT_JOINED'
  | 'LESSON_ENDED'
  | 'LESSON_LOCKED'
  | 'MEDIA'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface Participant {
  /** Stable for the whole lesson; survives reconnections. */
  id: string;
  userId: string;
  displayName: string;
  role: Role;
  connection: ConnectionState;
  micOn: boolean;
  cameraOn: boolean;
  screenOn: boolean;
  handRaised: boolean;
  quality: ConnectionQuality;
  canShareScreen: boolean;
  /** Breakout group; '' in the main room. */
  groupId: string;
  joinedAtMs: number;
}

export interface LessonInfo {
  id: string;
  title: string;
  className: string;
  subjectName: string;
  teacherName: string;
  /** 0 when not scheduled. */
  scheduledStartMs: number;
  scheduledEndMs: number;
}

export interface LessonSettings {
  locked: boolean;
  autoAdmit: boolean;
  studentsCanUnmute: boolean;
  passwordRequired: boolean;
}

export interface ChatMessage {
  id: string;
  participantId: string;
  displayName: string;
  text: string;
  sentAtMs: number;
  groupId: string;
}

export interface LobbyEntry {
  participantId: string;
  userId: string;
  displayName: string;
  waitingSinceMs: number;
  classMember: boolean;
}

/** The live room's part of LessonSnapshot. */
export interface CoreSnapshot {
  lesson: LessonInfo;
  selfParticipantId: string;
  selfRole: Role;
  participants: Participant[];
  recentChat: ChatMessage[];
  settings: LessonSettings;
  /** Teacher only; empty for students. */
  lobby: LobbyEntry[];
}

/** Everything a newly admitted participant needs: the room's part and each live feature's fields. */
export type LessonSnapshot = CoreSnapshot & FeatureSnapshot;

/** One student's participation in a lesson (R8), as the teacher's live attendance table shows it. */
export interface AttendanceRow {
  userId: string;
  displayName: string;
  /** Personal identification code (mã định danh); '' for a guest. */
  code: string;
  presentNow: boolean;
  /** Joined at least once; false = absent. */
  attended: boolean;
  /** 0 when never. */
  firstJoinMs: number;
  lastLeaveMs: number;
  presentMs: number;
  cameraOnMs: number;
  micOnMs: number;
  /** Sharing the screen while connected. */
  screenOnMs: number;
  handRaises: number;
  chatMessages: number;
  /** Live quiz questions answered, and how many right. */
  quizAnswers: number;
  quizCorrect: number;
  late: boolean;
  leftEarly: boolean;
  joinCount: number;
  /** null while present or never joined. */
  lastLeaveReason: LeaveReason | null;
}

export interface AttendanceReport {
  rows: AttendanceRow[];
  generatedAtMs: number;
}

/** The settings a teacher changes; absent fields stay as they are. */
export interface LessonSettingsChange {
  locked?: boolean;
  autoAdmit?: boolean;
  studentsCanUnmute?: boolean;
}

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export type { DtlsParameters, IceParameters, RtpCapabilities, RtpCapabilitiesInput, RtpParameters, RtpParametersInput, TransportDirection, TransportOptions };

export interface JoinResult {
  participantId: string;
  resumeToken: string;
  admission: AdmissionStatus;
  /** Present when admitted (the codec rejects an admitted response without one). */
  snapshot: LessonSnapshot | null;
  serverTimeMs: number;
  iceServers: IceServer[];
  /**
   * The router's capabilities, which the device loads first: media is negotiated as transports,
   * producers and consumers (mediasoup); the RTP vocabulary is ORTC's, typed in proto/rtp.
   */
  rtpCapabilities: RtpCapabilities;
  /**
   * Both transports, made at the join for a device that receives `rtpCapabilities` (when the
   * request asked and the participant was admitted; null otherwise, or from an older server).
   */
  media: { send: TransportOptions; recv: TransportOptions } | null;
  /** Names the node joined, signed; sent back with the next join (docs/cluster.md "Routing"). */
  routeTicket: string;
}


/** A track the client receives: which participant's which source arrives on which mid. */
export interface SubscribedTrack {
  mid: string;
  participantId: string;
  source: TrackSource;
}

export interface VideoPreference {
  participantId: string;
  source: TrackSource;
  layer: VideoLayer;
}

// ---------------------------------------------------------------------------------------------
// Client -> server

export interface JoinRequest {
  type: 'join';
  lessonId: string;
  joinToken: string;
  displayName: string;
  lessonPassword: string;
  resumeToken: string;
  /** The last JoinResult's or redirect's route ticket (docs/cluster.md "Routing"). Default ''. */
  routeTicket?: string;
  micOn: boolean;
  cameraOn: boolean;
  /** Ask for the transports in the JoinResult (the first join of a page). Default false. */
  mediaAtJoin?: boolean;
}

/** The live room's own requests; the features' are in features/. */
export type CoreRequest =
  | JoinRequest
  | { type: 'leave' }
  | { type: 'setVideoPreferences'; preferences: VideoPreference[] }
  | { type: 'setMediaState'; micOn: boolean; cameraOn: boolean; screenOn: boolean }
  | { type: 'qualityReport'; rttMs: number; lossPermille: number; availableOutgoingKbps: number }
  | { type: 'restartMedia' }
  | { type: 'sendChat'; text: string }
  | { type: 'endLesson' }
  | { type: 'admit'; participantIds: string[]; all: boolean }
  | { type: 'deny'; participantId: string; reason: string }
  | ({ type: 'updateSettings' } & LessonSettingsChange)
  | { type: 'forceMediaOff'; participantId: string; all: boolean; source: TrackSource }
  | { type: 'removeParticipant'; participantId: string; reason: string }
  | { type: 'setScreenSharePermission'; participantId: string; allowed: boolean }
  | { type: 'getAttendance' };

/** Every request: `type` is its ClientMessage oneof field. */
export type ClientRequest = CoreRequest | FeatureRequest;

export type ClientRequestType = ClientRequest['type'];

// ---------------------------------------------------------------------------------------------
// Server -> client

/** A request's answer: its own response type, an Ack, or an Error. */
export type ServerResponse =
  | { type: 'ack' }
  | { type: 'error'; code: ErrorCode; message: string; /** Stable refinement of the code, '' when none. */ reason: string }
  | { type: 'join'; result: JoinResult }
  /** To a join: the lesson runs on node `node`; join again through `?node=<node>`. */
  | { type: 'redirect'; node: string; ticket: string }
  | { type: 'mediaSetup'; send: TransportOptions; recv: TransportOptions }
  | { type: 'produce'; producerId: string }
  | { type: 'restartIce'; iceParameters: IceParameters }
  | { type: 'firstSound'; offer: FirstSoundOffer }
  | { type: 'attendance'; report: AttendanceReport };

/** What each request resolves to when the server accepts it. */
export interface ResponseOf {
  join: JoinResult;
  mediaSetup: { send: TransportOptions; recv: TransportOptions };
  produce: { producerId: string };
  restartIce: { iceParameters: IceParameters };
  firstSound: { offer: FirstSoundOffer };
  getAttendance: AttendanceReport;
}
export type ResultFor<T extends ClientRequestType> = T extends keyof ResponseOf ? ResponseOf[T] : void;

/** The live room's own pushes; the features' are in features/. */
export type CorePush =
  | { type: 'admission'; admitted: boolean; snapshot: LessonSnapshot | null; deniedReason: string }
  | { type: 'participantJoined'; participant: Participant }
  | { type: 'participantLeft'; participantId: string; reason: LeaveReason }
  | { type: 'participantUpdated'; participant: Participant }
  | { type: 'lobbyUpdated'; entries: LobbyEntry[] }
  | { type: 'settingsUpdated'; settings: LessonSettings }
  | { type: 'lessonEnded'; endedBy: string }
  | { type: 'removed'; reason: string }
  | { type: 'mediaReset'; reason: string }
  | { type: 'forcedMediaOff'; source: TrackSource; byParticipantId: string }
  | { type: 'chat'; message: ChatMessage };

/** Every push: `type` is its ServerMessage oneof field. */
export type ServerPush = CorePush | FeaturePush;

export type ServerPushType = ServerPush['type'];
export type PushOf<T extends ServerPushType> = Extract<ServerPush, { type: T }>;

/**
 * One decoded ServerMessage. A response carries its request id (an Error may carry 0 when the
 * server could not read the request id of a bad frame); a push always has request id 0.
 */
export type ServerFrame =
  | { kind: 'response'; requestId: number; response: ServerResponse }
  | { kind: 'push'; push: ServerPush };
