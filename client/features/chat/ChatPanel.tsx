import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { formatClock, t } from '../../i18n/index.js';
import { myGroup, roomMessages } from '../../state/breakout.js';
import { CHAT_MAX_CHARS, chatError, chatSending, closeChat } from '../../state/chat.js';
import { selfId } from '../../state/lesson.js';
import { sendChatMessage } from '../../state/session.js';
import { Icon } from '../common/Icon.js';

/** The chat: a side panel on wide screens, a full-height sheet on phones. */
export function ChatPanel() {
  return (
    <aside class="chat" aria-label={t('chat.title')} data-testid="chat-panel">
      <header class="chat__header">
        <h2 class="chat__title">{myGroup.value ? t('chat.groupTitle', { name: myGroup.value.name }) : t('chat.title')}</h2>
        <button type="button" class="icon-button" onClick={closeChat} aria-label={t('chat.close')} title={t('chat.close')} data-testid="chat-close">
          <Icon name="close" />
        </button>
      </header>
      <ChatMessages />
      {chatError.value && (
        <p class="chat__error" role="alert" data-testid="chat-error">
          {chatError.value}
        </p>
      )}
      <ChatForm />
    </aside>
  );
}

function ChatMessages() {
  const listRef = useRef<HTMLOListElement>(null);
  // Our room's messages: a group's chat during breakout, the main room's otherwise.
  const list = roomMessages.value;
  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [list.length]);
  return (
    <ol class="chat__messages" ref={listRef} data-testid="chat-messages" aria-live="polite">
      {list.length === 0 && <li class="chat__empty muted">{t('chat.empty')}</li>}
      {list.map((m) => {
        const mine = m.participantId === selfId.value;
        return (
          <li key={m.id} class={`chat__message ${mine ? 'is-mine' : ''}`} data-testid="chat-message" data-message-id={m.id}>
            <div class="chat__meta">
              <span class="chat__author">{mine ? t('lesson.you') : m.displayName}</span>
              <time class="chat__time" dateTime={new Date(m.sentAtMs).toISOString()}>
                {formatClock(m.sentAtMs)}
              </time>
            </div>
            <p class="chat__text">{m.text}</p>
          </li>
        );
      })}
    </ol>
  );
}

function ChatForm() {
  const draft = useSignal('');
  const inputRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  const send = async () => {
    if (await sendChatMessage(draft.value)) draft.value = '';
    inputRef.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    // Enter sends, Shift+Enter starts a new line; Enter while an IME composes (Telex) is the IME's.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void send();
    }
  };
  const tooLong = [...draft.value].length > CHAT_MAX_CHARS;
  return (
    <form
      class="chat__form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <textarea
        ref={inputRef}
        class="chat__input"
        rows={1}
        maxLength={CHAT_MAX_CHARS}
        placeholder={t('chat.placeholder')}
        value={draft.value}
        onInput={(e) => (draft.value = e.currentTarget.value)}
        onKeyDown={onKeyDown}
        aria-label={t('chat.placeholder')}
        data-testid="chat-input"
      />
      <button
        type="submit"
        class="icon-button icon-button--primary"
        disabled={chatSending.value || draft.value.trim() === '' || tooLong}
        aria-label={t('chat.send')}
        title={t('chat.send')}
        data-testid="chat-send"
      >
        <Icon name="send" />
      </button>
    </form>
  );
}
