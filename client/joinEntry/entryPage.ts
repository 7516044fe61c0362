/**
 * The join entry's page: the app's join page for a student's join link, cut to what a student
 * needs before "Vào lớp" (the heading, the role, the name, the button), in plain DOM with the
 * app's classes and test ids, in Vietnamese (a remembered English waits for the app). The camera
 * preview and the device pickers come with the app, which replaces this page when it arrives.
 */
import { ENTRY_TEXT } from './entryText.js';

/** Longest display name the server accepts (state/session.ts NAME_MAX_CHARS; a test keeps them equal). */
export const ENTRY_NAME_MAX_CHARS = 64;

/** Trimmed, 1..64 characters (code points), as the app's validateName. */
export function entryValidName(name: string): string | null {
  const trimmed = name.trim();
  const length = [...trimmed].length;
  return length >= 1 && length <= ENTRY_NAME_MAX_CHARS ? trimmed : null;
}

export interface EntryPage {
  readonly root: HTMLElement;
  typedName(): string;
  /** "Đang vào lớp…": the button is disabled, the name is kept. */
  showJoining(): void;
  remove(): void;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<Record<string, string>> = {}, text = ''): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) el.setAttribute(name, value);
  if (text) el.textContent = text;
  return el;
}

/** Shows the page before `before` (the app's root) and calls `onJoin` with a valid name on "Vào lớp". */
export function showEntryPage(before: Element, initialName: string, onJoin: (name: string) => void): EntryPage {
  const root = element('main', { class: 'page join', 'data-testid': 'join-page', 'data-join-entry': '' });
  const form = element('form', { class: 'join__card card', novalidate: '' });
  const top = element('div', { class: 'card__top' });
  top.append(element('h1', { class: 'card__title' }, ENTRY_TEXT.heading));
  const label = element('label', { class: 'field' });
  const input = element('input', {
    class: 'field__input',
    type: 'text',
    name: 'name',
    autocomplete: 'name',
    maxlength: String(ENTRY_NAME_MAX_CHARS),
    placeholder: ENTRY_TEXT.namePlaceholder,
    'data-testid': 'join-name',
  });
  input.value = initialName;
  label.append(element('span', { class: 'field__label' }, ENTRY_TEXT.nameLabel), input);
  const nameError = element('p', { class: 'field__error' }, ENTRY_TEXT.nameInvalid.replace('{max}', String(ENTRY_NAME_MAX_CHARS)));
  nameError.hidden = true;
  const actions = element('div', { class: 'join__actions' });
  const button = element('button', { type: 'submit', class: 'button button--primary button--large', 'data-testid': 'join-button' }, ENTRY_TEXT.button);
  actions.append(button);
  form.append(top, element('p', { class: 'join__role' }, ENTRY_TEXT.asStudent), label, nameError, actions);
  root.append(form);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (button.disabled) return;
    const name = entryValidName(input.value);
    nameError.hidden = name !== null;
    input.setAttribute('aria-invalid', String(name === null));
    if (name !== null) onJoin(name);
  });
  before.parentNode?.insertBefore(root, before);
  return {
    root,
    typedName: () => input.value,
    showJoining: () => {
      button.disabled = true;
      button.textContent = ENTRY_TEXT.joining;
      input.readOnly = true;
    },
    remove: () => root.remove(),
  };
}
