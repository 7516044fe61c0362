import { batch, computed, signal } from '@preact/signals';
import type { ChatMessage } from '../net/index.js';
import type { LessonPart } from './LessonPartTypes.js';

/** Longest chat text the server accepts (docs/protocol.md). */
export const CHAT_MAX_CHARS = 1000;
/** Messages kept in memory: a 45-minute lesson rarely has more, and old phones have little RAM. */
export const CHAT_KEEP = 300;

export const messages = signal<readonly ChatMessage[]>([]);
export const chatOpen = signal(false);
export const unreadCount = signal(0);
export const chatError = signal<string | null>(null);
export const chatSending = signal(false);

export const hasUnread = computed(() => unreadCount.value > 0);

/**
 * The snapshot's recent chat, merged with what we have (after a resume the snapshot repeats
 * messages we already show). Ordered by time, then id.
 */
export function loadChat(recent: readonly ChatMessage[]): void {
  const byId = new Map(messages.value.map((m) => [m.id, m]));
  for (const m of recent) byId.set(m.id, m);
  messages.value = [...byId.values()].sort((a, b) => a.sentAtMs - b.sentAtMs || a.id.localeCompare(b.id)).slice(-CHAT_KEEP);
}

/** A ChatMessage push. Our own messages come back this way too; they never count as unread. */
export function receiveChat(message: ChatMessage, selfId: string): void {
  if (messages.value.some((m) => m.id === message.id)) return;
  batch(() => {
    messages.value = [...messages.value, message].slice(-CHAT_KEEP);
    if (!chatOpen.value && message.participantId !== selfId) unreadCount.value++;
  });
}

export function openChat(): void {
  batch(() => {
    chatOpen.value = true;
    unreadCount.value = 0;
  });
}

export function closeChat(): void {
  chatOpen.value = false;
}

export function toggleChat(): void {
  if (chatOpen.value) closeChat();
  else openChat();
}

/** The text to send, or why not: trimmed, 1..1000 characters (code points, as the server counts). */
export function validateChat(text: string): { ok: true; text: string } | { ok: false; reason: 'empty' | 'too-long' } {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: false, reason: 'empty' };
  if ([...trimmed].length > CHAT_MAX_CHARS) return { ok: false, reason: 'too-long' };
  return { ok: true, text: trimmed };
}

export function resetChat(): void {
  batch(() => {
    messages.value = [];
    chatOpen.value = false;
    unreadCount.value = 0;
    chatError.value = null;
    chatSending.value = false;
  });
}

export const chatPart: LessonPart = { name: 'chat', reset: resetChat };
