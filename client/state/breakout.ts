import { batch, computed, signal } from '@preact/signals';
import { t } from '../i18n/index.js';
import type { BreakoutAssignment, BreakoutGroup, BreakoutState } from '../net/index.js';
import { CHAT_MAX_CHARS, messages } from './chat.js';
import { showNotice } from './connection.js';
import { compareParticipants, participants, self, selfRole } from './lesson.js';
import { act } from './requests.js';
import type { LessonPart } from './LessonPartTypes.js';

/**
 * Breakout groups (R7). The server moves the media by itself (MediaReset "moved", then new
 * transports and ConsumersChanged); here: the groups, the group we are in, the teacher's broadcasts, and the
 * teacher's actions.
 */

export const MAX_GROUPS = 50;
export const GROUP_NAME_MAX = 40;

export const breakout = signal<BreakoutState>({ active: false, groups: [], startedAtMs: 0 });
export interface Broadcast {
  text: string;
  fromParticipantId: string;
  sentAtMs: number;
}
/** The teacher's messages to every group, newest last (kept for the round). */
export const broadcasts = signal<readonly Broadcast[]>([]);

/** Our room: '' is the main room. */
export const myGroupId = computed(() => self.value?.groupId ?? '');
export const myGroup = computed<BreakoutGroup | null>(() => breakout.value.groups.find((g) => g.id === myGroupId.value) ?? null);

/** The chat of our room: the group's during breakout, the main room's otherwise. */
export const roomMessages = computed(() => messages.value.filter((m) => m.groupId === myGroupId.value));

/** Students present in the lesson, the ones a round can place. */
export const presentStudents = computed(() =>
  [...participants.value.values()].filter((p) => p.role === 'student' && p.connection === 'connected').sort(compareParticipants),
);

/** BreakoutUpdated. A student hears when the round starts (their group) and when it ends. */
export function applyBreakout(next: BreakoutState): void {
  const wasActive = breakout.value.active;
  batch(() => {
    breakout.value = next;
    if (!next.active) broadcasts.value = [];
  });
  if (selfRole.value !== 'student') return;
  if (wasActive && !next.active) showNotice(t('breakout.ended'));
}

export function receiveBroadcast(b: Broadcast): void {
  broadcasts.value = [...broadcasts.value, b].slice(-20);
  if (selfRole.value === 'student') showNotice(t('breakout.broadcastNotice', { text: b.text }), 10_000);
}

/** Random split into `count` groups of the present students. */
export function startRandom(count: number): Promise<boolean> {
  const n = Math.floor(count);
  if (!Number.isFinite(n) || n < 1 || n > MAX_GROUPS) {
    showNotice(t('breakout.error.count', { max: MAX_GROUPS }));
    return Promise.resolve(false);
  }
  return act({ type: 'startBreakout', groups: [], randomGroupCount: n });
}

/**
 * By hand: `assignment` maps participant id -> group number (1-based; 0 = stays in the main
 * room). Groups are named "Nhóm 1", "Nhóm 2"... and an empty group is left out.
 */
export function assignmentsFrom(assignment: ReadonlyMap<string, number>, groupCount: number): BreakoutAssignment[] {
  const groups: BreakoutAssignment[] = [];
  for (let i = 1; i <= groupCount; i++) {
    const ids = [...assignment].filter(([, g]) => g === i).map(([id]) => id);
    if (ids.length > 0) groups.push({ name: t('breakout.groupName', { n: i }), participantIds: ids });
  }
  return groups;
}

export function startByHand(assignment: ReadonlyMap<string, number>, groupCount: number): Promise<boolean> {
  const groups = assignmentsFrom(assignment, groupCount);
  if (groups.length === 0) {
    showNotice(t('breakout.error.empty'));
    return Promise.resolve(false);
  }
  return act({ type: 'startBreakout', groups, randomGroupCount: 0 });
}

export function endBreakout(): Promise<boolean> {
  return act({ type: 'endBreakout' });
}

/** Teacher: go to a group's room ('' = back to the main room). */
export function visitGroup(groupId: string): Promise<boolean> {
  return act({ type: 'visitBreakoutGroup', groupId });
}

export function broadcastToGroups(text: string): Promise<boolean> {
  const trimmed = text.trim();
  if (!trimmed || [...trimmed].length > CHAT_MAX_CHARS) return Promise.resolve(false);
  return act({ type: 'broadcastToGroups', text: trimmed });
}

export function resetBreakout(): void {
  batch(() => {
    breakout.value = { active: false, groups: [], startedAtMs: 0 };
    broadcasts.value = [];
  });
}

export const breakoutPart: LessonPart = {
  name: 'breakout',
  pushes: {
    breakout: (p) => applyBreakout(p.state),
    groupBroadcast: (p) => receiveBroadcast({ text: p.text, fromParticipantId: p.fromParticipantId, sentAtMs: p.sentAtMs }),
  },
  enter: (snapshot) => applyBreakout(snapshot.breakout),
  /** A student moved into a group is told which. */
  selfChanged: (before, after) => {
    if (selfRole.value !== 'student' || before.groupId === after.groupId || !after.groupId) return;
    const group = breakout.value.groups.find((g) => g.id === after.groupId);
    showNotice(t('breakout.movedTo', { name: group?.name ?? '' }), 8000);
  },
  reset: resetBreakout,
};
