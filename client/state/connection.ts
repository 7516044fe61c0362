import { batch, computed, signal } from '@preact/signals';
import type { MediaHealth } from '../media/index.js';
import type { ErrorCode, SocketStatus } from '../net/index.js';

/**
 * Where the user is:
 * - join: the join page;
 * - connecting: "Vào lớp" pressed, waiting for the JoinResponse;
 * - waiting: in the lobby (AdmissionStatus WAITING);
 * - live: in the lesson;
 * - final: the lesson is over for this page (see finalState).
 */
export type Phase = 'join' | 'connecting' | 'waiting' | 'live' | 'final';

/** Why the page stopped for good. */
export type FinalReason =
  | 'lesson-ended'
  | 'removed'
  | 'denied'
  | 'unauthenticated'
  | 'not-found'
  | 'forbidden'
  | 'locked'
  | 'unsupported-version'
  | 'duplicate'
  | 'left'
  | 'error';

export interface FinalState {
  reason: FinalReason;
  /** A reason the server gave (removal, denial), shown as is. */
  detail: string;
  /** The close code, if the socket was closed by the server (for support staff). */
  closeCode: number | null;
}

export const phase = signal<Phase>('join');
export const socketStatus = signal<SocketStatus>('idle');
export const reconnectAttempt = signal(0);
/** True once a WebSocket of this session opened (the upgrade went through). */
export const socketOpened = signal(false);
/** True between a drop and the successful JoinRequest (resume) on the next connection. */
export const rejoining = signal(false);
export const mediaHealth = signal<MediaHealth>('idle');
/** True once this lesson's receive transport connected (what the server sends can arrive). */
export const mediaReceiving = signal(false);
export const finalState = signal<FinalState | null>(null);
/** The first join failed with this message (shown on the join page, which stays). */
export const joinError = signal<string | null>(null);
/** A short message for the user (forced mute, poor network...), cleared after a while. */
export const notice = signal<string | null>(null);

/**
 * The first join has failed to open a WebSocket three times in a row while the page itself
 * loaded: something between the browser and the server (a school proxy, a balancer) is likely
 * dropping WebSocket upgrades (docs/cluster.md "Bad input and faults"). The page keeps retrying.
 */
export const upgradeBlocked = computed(() => phase.value === 'connecting' && !socketOpened.value && reconnectAttempt.value >= 3);

export const reconnecting = computed(() => phase.value === 'live' && rejoining.value);
export const mediaRestoring = computed(
  () => phase.value === 'live' && !rejoining.value && (mediaHealth.value === 'restoring' || mediaHealth.value === 'failed'),
);

/** Final close codes (docs/protocol.md) to what the user reads. 4403 depends on what came before. */
export function finalReasonFromClose(code: number, cause: FinalReason | null): FinalReason {
  switch (code) {
    case 4401:
      return 'unauthenticated';
    case 4403:
      return cause === 'removed' || cause === 'denied' ? cause : 'forbidden';
    case 4404:
      return 'not-found';
    case 4409:
      return 'duplicate';
    case 4410:
      return 'lesson-ended';
    case 4423:
      return 'locked';
    case 4426:
      return 'unsupported-version';
    default:
      return cause ?? 'error';
  }
}

/** Join errors after which the server closes for good (and retrying cannot help). */
export function finalReasonFromJoinError(code: ErrorCode): FinalReason | null {
  switch (code) {
    case 'UNAUTHENTICATED':
      return 'unauthenticated';
    case 'NOT_FOUND':
      return 'not-found';
    case 'FORBIDDEN':
      return 'forbidden';
    case 'LESSON_LOCKED':
      return 'locked';
    case 'LESSON_ENDED':
      return 'lesson-ended';
    case 'UNSUPPORTED_VERSION':
      return 'unsupported-version';
    default:
      return null;
  }
}

let noticeTimer: ReturnType<typeof setTimeout> | null = null;

export function showNotice(text: string, ms = 5000): void {
  notice.value = text;
  if (noticeTimer) clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => {
    notice.value = null;
    noticeTimer = null;
  }, ms);
}

export function resetConnection(): void {
  batch(() => {
    phase.value = 'join';
    socketStatus.value = 'idle';
    reconnectAttempt.value = 0;
    socketOpened.value = false;
    rejoining.value = false;
    mediaHealth.value = 'idle';
    mediaReceiving.value = false;
    finalState.value = null;
    joinError.value = null;
    notice.value = null;
  });
}
