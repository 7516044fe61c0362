import { batch, signal } from '@preact/signals';
import { t } from '../i18n/index.js';
import type { FirstSound, TransportControllerLoader } from '../media/index.js';
import { preconnectedWebSocket, type WebSocketFactory } from '../net/index.js';
import { log } from '../util/log.js';
import { chatError, chatSending, validateChat, CHAT_MAX_CHARS } from './chat.js';
import { finalState, joinError, phase, resetConnection } from './connection.js';
import { describeError, lessonPasswordRefusal, nameRefused } from './errors.js';
import { resetParts } from './lessonParts.js';
import { LessonSession } from './LessonSession.js';
import { bindLessonRequests } from './requests.js';

/** Longest display name the server accepts. */
export const NAME_MAX_CHARS = 64;

let current: LessonSession | null = null;

/** The lesson session of this page, if one is running (for the debug hook and tests). */
export function activeSession(): LessonSession | null {
  return current && !current.closed ? current : null;
}

export interface JoinParams {
  lessonId: string;
  joinToken: string;
  /** Required with a join link; with a signed-in session '' means the account's name. */
  displayName: string;
  lessonPassword?: string;
  /** Default: same origin, /ws. */
  url?: string;
  createWebSocket?: WebSocketFactory;
  /** Tests: the transport controller on a fake mediasoup-client handler. */
  loadTransportController?: TransportControllerLoader;
  /** The join entry's first sound, with its socket in `createWebSocket` (client/joinEntry/handOver.ts). */
  entryFirstSound?: Promise<FirstSound | null>;
}

export function signalingUrl(loc: Pick<Location, 'protocol' | 'host'> = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}

export function validateName(name: string): string | null {
  const trimmed = name.trim();
  const length = [...trimmed].length;
  return length >= 1 && length <= NAME_MAX_CHARS ? trimmed : null;
}

/**
 * The lesson wants a password from this student: known from GET /api/lessons/:id, or learnt
 * from a refused join ('wrong' after a wrong one). The join page then asks for it.
 */
export const lessonPasswordPrompt = signal<'none' | 'needed' | 'wrong'>('none');

/** "Vào lớp": starts a session. On failure the join page shows why and stays usable. */
export async function joinLesson(params: JoinParams): Promise<void> {
  const displayName = params.joinToken || params.displayName ? validateName(params.displayName) : '';
  if (displayName === null) {
    joinError.value = t('join.nameInvalid', { max: NAME_MAX_CHARS });
    return;
  }
  current?.close();
  batch(() => {
    resetParts();
    joinError.value = null;
    finalState.value = null;
    phase.value = 'connecting';
  });
  const session = new LessonSession({
    lessonId: params.lessonId,
    joinToken: params.joinToken,
    displayName,
    lessonPassword: params.lessonPassword ?? '',
    url: params.url ?? signalingUrl(),
    // The socket the join page opened ahead, if still fresh (net/preconnect.ts).
    createWebSocket: params.createWebSocket ?? preconnectedWebSocket,
    ...(params.loadTransportController ? { loadTransportController: params.loadTransportController } : {}),
    ...(params.entryFirstSound ? { entryFirstSound: params.entryFirstSound } : {}),
  });
  current = session;
  bindLessonRequests((request) => session.request(request));
  try {
    await session.start();
  } catch (error) {
    if (current !== session || phase.value === 'final') return;
    const refusal = lessonPasswordRefusal(error);
    batch(() => {
      if (refusal) lessonPasswordPrompt.value = refusal === 'wrong' || params.lessonPassword ? 'wrong' : 'needed';
      joinError.value = refusal
        ? t(refusal === 'wrong' || params.lessonPassword ? 'join.passwordWrong' : 'join.passwordNeeded')
        : nameRefused(error)
          ? t('join.nameInvalid', { max: NAME_MAX_CHARS })
          : t('join.error', { message: describeError(error) });
      phase.value = 'join';
    });
  }
}

/** Gives up joining (the button under "Đang vào lớp…"). */
export function cancelJoin(): void {
  current?.close();
  current = null;
  phase.value = 'join';
}

export async function leaveLesson(): Promise<void> {
  await current?.leave();
}

/** Teacher: "Kết thúc tiết học" after the confirmation. Throws a user-readable message. */
export async function endLessonForEveryone(): Promise<void> {
  if (!current) return;
  try {
    await current.endLesson();
  } catch (error) {
    // LessonEnded (then close 4410) may overtake the Ack: the lesson did end.
    if (phase.value === 'final') return;
    log.warn('end lesson failed', error);
    throw new Error(describeError(error));
  }
}

/** Sends a chat message; returns whether the input may be cleared. */
export async function sendChatMessage(text: string): Promise<boolean> {
  const checked = validateChat(text);
  if (!checked.ok) {
    chatError.value = checked.reason === 'too-long' ? t('chat.tooLong', { max: CHAT_MAX_CHARS }) : null;
    return false;
  }
  if (!current || chatSending.value) return false;
  chatSending.value = true;
  chatError.value = null;
  try {
    await current.request({ type: 'sendChat', text: checked.text });
    return true;
  } catch (error) {
    chatError.value = t('chat.failed', { message: describeError(error) });
    return false;
  } finally {
    chatSending.value = false;
  }
}

/** Back to a clean join page (after the final screen's "Vào lại lớp"). */
export function resetToJoin(): void {
  current?.close();
  current = null;
  bindLessonRequests(null);
  batch(() => {
    resetConnection();
    resetParts();
    lessonPasswordPrompt.value = 'none';
  });
}
