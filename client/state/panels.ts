import { batch, signal } from '@preact/signals';
import { chatOpen, closeChat, openChat } from './chat.js';
import type { LessonPart } from './LessonPartTypes.js';

/**
 * The side panel of the lesson: one at a time (a phone shows it full screen, a wide screen
 * beside the video). The chat keeps its own signal (unread counting); the others are here.
 */
export type PanelName = 'chat' | 'participants' | 'lobby' | 'breakout' | 'attendance' | 'quiz' | 'questions' | 'handout';

export const sidePanel = signal<Exclude<PanelName, 'chat'> | null>(null);

export function isOpen(name: PanelName): boolean {
  return name === 'chat' ? chatOpen.value : sidePanel.value === name;
}

export function togglePanel(name: PanelName): void {
  if (isOpen(name)) {
    closePanel();
    return;
  }
  batch(() => {
    if (name === 'chat') {
      sidePanel.value = null;
      openChat();
    } else {
      closeChat();
      sidePanel.value = name;
    }
  });
}

export function closePanel(): void {
  batch(() => {
    closeChat();
    sidePanel.value = null;
  });
}

export function resetPanels(): void {
  sidePanel.value = null;
}

export const panelsPart: LessonPart = { name: 'panels', reset: resetPanels };
