import { batch, computed, signal } from '@preact/signals';
import { t } from '../i18n/index.js';
import type { LessonSettingsChange, LobbyEntry } from '../net/index.js';
import { showNotice } from './connection.js';
import { selfRole, settings } from './lesson.js';
import { act } from './requests.js';
import type { LessonPart } from './LessonPartTypes.js';

/**
 * The lobby (R3): a student waits until the teacher admits them; the teacher sees who waits.
 * - none: not joined yet; waiting: in the lobby; admitted: in the lesson; denied: refused.
 */
export type Admission = 'none' | 'waiting' | 'admitted' | 'denied';

export const admission = signal<Admission>('none');
/** The teacher's view of the lobby, oldest first (the server's order). */
export const lobbyEntries = signal<readonly LobbyEntry[]>([]);
export const lobbyCount = computed(() => lobbyEntries.value.length);
/** The reason the teacher gave when refusing us. */
export const deniedReason = signal('');

/** LobbyUpdated: the whole list. The teacher is told, once per new name, that someone waits. */
export function applyLobby(entries: readonly LobbyEntry[]): void {
  const before = new Set(lobbyEntries.value.map((e) => e.participantId));
  const arrived = entries.filter((e) => !before.has(e.participantId));
  lobbyEntries.value = entries;
  if (arrived.length > 0 && selfRole.value === 'teacher') {
    const first = arrived[0];
    showNotice(arrived.length === 1 && first ? t('lobby.arrivedOne', { name: first.displayName }) : t('lobby.arrivedMany', { count: arrived.length }));
  }
}

export function setDenied(reason: string): void {
  batch(() => {
    admission.value = 'denied';
    deniedReason.value = reason;
  });
}

export function admitStudent(participantId: string): Promise<boolean> {
  return act({ type: 'admit', participantIds: [participantId], all: false });
}

export function admitEveryone(): Promise<boolean> {
  return act({ type: 'admit', participantIds: [], all: true });
}

/** Reasons are at most 200 characters (docs/protocol.md). */
export const REASON_MAX_CHARS = 200;

export function denyStudent(participantId: string, reason: string): Promise<boolean> {
  return act({ type: 'deny', participantId, reason: [...reason.trim()].slice(0, REASON_MAX_CHARS).join('') });
}

/** A settings toggle; the LessonSettingsUpdated push then shows the change to everyone. */
export function changeSettings(change: LessonSettingsChange): Promise<boolean> {
  return act({ type: 'updateSettings', ...change });
}

/** The student's microphone stays off: the teacher does not let students unmute. */
export const micLockedByTeacher = computed(() => selfRole.value === 'student' && settings.value !== null && !settings.value.studentsCanUnmute);

export function resetLobby(): void {
  batch(() => {
    admission.value = 'none';
    lobbyEntries.value = [];
    deniedReason.value = '';
  });
}

export const lobbyPart: LessonPart = { name: 'lobby', reset: resetLobby };
