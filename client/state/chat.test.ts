import { beforeEach, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../net/index.js';
import { CHAT_KEEP, chatOpen, closeChat, loadChat, messages, openChat, receiveChat, resetChat, unreadCount, validateChat } from './chat.js';

const msg = (id: string, participantId = 'p-other', sentAtMs = Number(id.replace(/\D/g, '')) || 1): ChatMessage => ({
  id,
  participantId,
  displayName: 'An',
  text: `tin ${id}`,
  sentAtMs,
  groupId: '',
});

beforeEach(() => resetChat());

describe('chat state', () => {
  it('counts unread messages from others while the panel is closed', () => {
    receiveChat(msg('m1'), 'me');
    receiveChat(msg('m2', 'me'), 'me');
    expect(messages.value).toHaveLength(2);
    expect(unreadCount.value).toBe(1);
  });

  it('opening the panel clears the badge, and messages then arrive read', () => {
    receiveChat(msg('m1'), 'me');
    openChat();
    expect(unreadCount.value).toBe(0);
    receiveChat(msg('m2'), 'me');
    expect(unreadCount.value).toBe(0);
    closeChat();
    expect(chatOpen.value).toBe(false);
  });

  it('ignores a message it already has (a resume repeats recent chat)', () => {
    receiveChat(msg('m1'), 'me');
    receiveChat(msg('m1'), 'me');
    expect(messages.value).toHaveLength(1);
    expect(unreadCount.value).toBe(1);
  });

  it('loadChat() merges the snapshot by id, in time order', () => {
    receiveChat(msg('m3', 'p', 3), 'me');
    loadChat([msg('m1', 'p', 1), msg('m3', 'p', 3), msg('m2', 'p', 2)]);
    expect(messages.value.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('keeps only the most recent messages', () => {
    for (let i = 1; i <= CHAT_KEEP + 5; i++) receiveChat(msg(`m${i}`, 'p', i), 'me');
    expect(messages.value).toHaveLength(CHAT_KEEP);
    expect(messages.value[0]?.id).toBe('m6');
  });

  it('validates text: trimmed, not empty, at most 1000 characters', () => {
    expect(validateChat('  chào cô  ')).toEqual({ ok: true, text: 'chào cô' });
    expect(validateChat('   ')).toEqual({ ok: false, reason: 'empty' });
    expect(validateChat('ạ'.repeat(1000)).ok).toBe(true);
    expect(validateChat('a'.repeat(1001))).toEqual({ ok: false, reason: 'too-long' });
  });
});
