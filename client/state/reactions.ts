import { computed, signal } from '@preact/signals';
import type { ReactionKind } from '../net/index.js';
import { lessonRequest } from './requests.js';
import { log } from '../util/log.js';
import type { LessonPart } from './LessonPartTypes.js';

/** Reactions (R2): 👍 👏 ❤️ 😂 😮 ❓, shown for a few seconds. */

export const REACTION_KINDS: readonly ReactionKind[] = ['thumbs-up', 'clap', 'heart', 'laugh', 'surprised', 'question'];
export const REACTION_EMOJI: Readonly<Record<ReactionKind, string>> = {
  'thumbs-up': '👍',
  clap: '👏',
  heart: '❤️',
  laugh: '😂',
  surprised: '😮',
  question: '❓',
};
/** How long a reaction stays on screen. */
export const REACTION_SHOW_MS = 4000;
/** Most reactions shown at once; a burst from a class of 40 must not cover the teacher. */
export const REACTION_MAX_SHOWN = 8;
/** One reaction per this long from this client: the server limits messages, and so should we. */
export const REACTION_MIN_INTERVAL_MS = 700;

export interface ShownReaction {
  key: number;
  participantId: string;
  kind: ReactionKind;
  atMs: number;
}

export const reactions = signal<readonly ShownReaction[]>([]);

/** The latest reaction per participant, for the badge on their tile. */
export const latestReaction = computed(() => {
  const map = new Map<string, ReactionKind>();
  for (const r of reactions.value) map.set(r.participantId, r.kind);
  return map;
});

let nextKey = 1;
let lastSentAt = -Infinity;

export function receiveReaction(participantId: string, kind: ReactionKind, now = Date.now()): void {
  const key = nextKey++;
  reactions.value = [...reactions.value, { key, participantId, kind, atMs: now }].slice(-REACTION_MAX_SHOWN);
  setTimeout(() => {
    reactions.value = reactions.value.filter((r) => r.key !== key);
  }, REACTION_SHOW_MS);
}

/** Sends a reaction; our own comes back as a ReactionSent push like everyone's. */
export function sendReaction(kind: ReactionKind, now = Date.now()): boolean {
  if (now - lastSentAt < REACTION_MIN_INTERVAL_MS) return false;
  lastSentAt = now;
  lessonRequest({ type: 'sendReaction', kind }).catch((error: unknown) => log.info('reaction not sent', error));
  return true;
}

export function resetReactions(): void {
  reactions.value = [];
  lastSentAt = -Infinity;
}

export const reactionsPart: LessonPart = {
  name: 'reactions',
  pushes: { reaction: (p) => receiveReaction(p.participantId, p.kind) },
  reset: resetReactions,
};
