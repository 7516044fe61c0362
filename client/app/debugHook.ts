import type { InboundMediaStats, NetworkSample } from '../media/index.js';
import type { BreakoutState, HandQueueEntry, LessonSettings, LobbyEntry, Participant, TrackSource, UserRole, VideoLayer } from '../net/index.js';
import { authStatus, currentUser, mustChangePassword } from '../state/auth.js';
import { breakout, myGroupId } from '../state/breakout.js';
import { admission, lobbyEntries, type Admission } from '../state/lobby.js';
import { reactions } from '../state/reactions.js';
import { screenSharing } from '../state/screenShare.js';
import { messages, unreadCount } from '../state/chat.js';
import { finalState, mediaHealth, phase, reconnectAttempt, reconnecting, socketStatus, type FinalState, type Phase } from '../state/connection.js';
import { currentPage, layerPreferences, pageCount, pageSize, visibleTiles } from '../state/layout.js';
import { handQueue } from '../state/hands.js';
import { bytesPerMinute, mediaRoute, teacherOnly } from '../state/dataSaver.js';
import { lessonInfo, participants, selfId, selfRole, settings } from '../state/lesson.js';
import { activeSpeaker, audioOnly, featuredLayer, lastNetworkSample, remoteTracks, talking } from '../state/remoteMedia.js';
import { cameraAvailable, cameraOn, micAvailable, micOn } from '../state/selfMedia.js';
import { activeSession } from '../state/session.js';

/** What `window.__classroom.state()` returns: plain JSON, a copy (changing it changes nothing). */
export interface DebugState {
  connection: {
    phase: Phase;
    socket: string;
    reconnecting: boolean;
    reconnectAttempt: number;
    media: string;
    participantId: string;
    final: FinalState | null;
  };
  selfId: string;
  role: string;
  lesson: { id: string; title: string; className: string } | null;
  participants: Participant[];
  self: { micOn: boolean; cameraOn: boolean; micAvailable: boolean; cameraAvailable: boolean };
  audioOnly: boolean;
  /** Data saver: show only the teacher, and the bytes per minute shown (null = not measured yet). */
  dataSaver: { teacherOnly: boolean; bytesPerMinute: number | null; mediaRoute: string };
  featuredLayer: VideoLayer;
  /** The last network sample (loss, jitter, estimates) the layer governor rated. */
  networkSample: NetworkSample | null;
  page: { index: number; count: number; size: number; visible: string[] };
  remoteTracks: Array<{ participantId: string; source: TrackSource; kind: string; mid: string }>;
  /** True once the media library (mediasoup-client) is loaded and its transports are being set up. */
  mediaStarted: boolean;
  /** Who is speaking: participants talking now, and the server's active speaker ('' = none). */
  speaking: { talking: string[]; activeSpeaker: string };
  videoPreferences: Array<{ participantId: string; source: TrackSource; layer: VideoLayer }>;
  chat: { count: number; unread: number };
  /** Phase 2. */
  admission: Admission;
  lobby: LobbyEntry[];
  handQueue: HandQueueEntry[];
  breakout: BreakoutState & { myGroupId: string };
  settings: LessonSettings | null;
  screenSharing: boolean;
  reactions: Array<{ participantId: string; kind: string }>;
  auth: { status: string; userId: string; role: UserRole | null; mustChangePassword: boolean };
}

export interface ClassroomDebugHook {
  state(): DebugState;
  /** Inbound RTP of the receive transport, mapped to participants by mid. */
  mediaStats(): Promise<InboundMediaStats[]>;
}

export function debugState(): DebugState {
  const info = lessonInfo.value;
  return {
    connection: {
      phase: phase.value,
      socket: socketStatus.value,
      reconnecting: reconnecting.value,
      reconnectAttempt: reconnectAttempt.value,
      media: mediaHealth.value,
      participantId: activeSession()?.participantId ?? '',
      final: finalState.value ? { ...finalState.value } : null,
    },
    selfId: selfId.value,
    role: selfRole.value,
    lesson: info ? { id: info.id, title: info.title, className: info.className } : null,
    participants: [...participants.value.values()].map((p) => ({ ...p })),
    self: { micOn: micOn.value, cameraOn: cameraOn.value, micAvailable: micAvailable.value, cameraAvailable: cameraAvailable.value },
    audioOnly: audioOnly.value,
    dataSaver: { teacherOnly: teacherOnly.value, bytesPerMinute: bytesPerMinute.value, mediaRoute: mediaRoute.value },
    featuredLayer: featuredLayer.value,
    networkSample: lastNetworkSample.value ? { ...lastNetworkSample.value } : null,
    page: { index: currentPage.value, count: pageCount.value, size: pageSize.value, visible: visibleTiles.value.map((p) => p.id) },
    remoteTracks: remoteTracks.value.map((t) => ({ participantId: t.participantId, source: t.source, kind: t.kind, mid: t.mid })),
    mediaStarted: activeSession()?.media.started ?? false,
    speaking: { talking: [...talking.value], activeSpeaker: activeSpeaker.value },
    videoPreferences: [...layerPreferences.value.values()].map((p) => ({ ...p })),
    chat: { count: messages.value.length, unread: unreadCount.value },
    ...phase2State(),
  };
}

function phase2State(): Pick<DebugState, 'admission' | 'lobby' | 'handQueue' | 'breakout' | 'settings' | 'screenSharing' | 'reactions' | 'auth'> {
  const b = breakout.value;
  const user = currentUser.value;
  return {
    admission: admission.value,
    lobby: lobbyEntries.value.map((e) => ({ ...e })),
    handQueue: handQueue.value.map((h) => ({ ...h })),
    breakout: { active: b.active, startedAtMs: b.startedAtMs, groups: b.groups.map((g) => ({ ...g, participantIds: [...g.participantIds] })), myGroupId: myGroupId.value },
    settings: settings.value ? { ...settings.value } : null,
    screenSharing: screenSharing.value,
    reactions: reactions.value.map((r) => ({ participantId: r.participantId, kind: r.kind })),
    auth: { status: authStatus.value, userId: user?.id ?? '', role: user?.role ?? null, mustChangePassword: mustChangePassword.value },
  };
}

declare global {
  interface Window {
    __classroom?: ClassroomDebugHook;
  }
}

/** Installs the read-only hook for end-to-end tests and support staff. */
export function installDebugHook(target: Window = window): void {
  const hook: ClassroomDebugHook = {
    state: debugState,
    mediaStats: async () => (await activeSession()?.media.mediaStats()) ?? [],
  };
  Object.defineProperty(target, '__classroom', { value: Object.freeze(hook), configurable: true, enumerable: false, writable: false });
}
