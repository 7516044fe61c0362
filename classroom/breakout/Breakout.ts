import { ConflictError, ValidationError, newId } from '../../platform/index.js';
import { cleanText } from '../liveRoom/index.js';
import type { BreakoutView, GroupAssignment, KeptBreakout } from './BreakoutTypes.js';

/** Limits of a round (docs/protocol.md): group names 1..40 characters, at most 50 groups. */
export const BREAKOUT_LIMITS = { groupName: 40, maxGroups: 50 } as const;
const LIMITS = BREAKOUT_LIMITS;

interface Group {
  id: string;
  name: string;
  participantIds: string[];
  /** The members' accounts: what is kept, since participant ids change between rooms. */
  userIds: string[];
}

/**
 * Breakout groups of one lesson (R7): which student is in which group while a round runs.
 * The assignment outlives a student's disconnection, so a student who comes back during the
 * round returns to their group, in this room or (by account) in the lesson's next room.
 */
export class Breakout {
  #active = false;
  #startedAtMs = 0;
  #groups: Group[] = [];

  get active(): boolean {
    return this.#active;
  }

  /**
   * Starts a round. `eligible` are the students who may be placed (present, admitted).
   * Either `assignments` (by hand) or `randomCount` groups. Returns participant id -> group id.
   */
  start(input: { assignments: GroupAssignment[]; randomCount: number }, eligible: ReadonlyArray<{ id: string; userId: string }>, atMs: number): Map<string, string> {
    if (this.#active) throw new ConflictError('Breakout groups are already running');
    const ids = eligible.map((p) => p.id);
    const userOf = new Map(eligible.map((p) => [p.id, p.userId]));
    const groups = input.assignments.length > 0 ? this.#byHand(input.assignments, ids) : this.#random(input.randomCount, ids);
    this.#groups = groups.map((g) => ({
      id: newId('g'),
      name: g.name,
      participantIds: g.participantIds,
      userIds: g.participantIds.map((pid) => userOf.get(pid) ?? '').filter((u) => u !== ''),
    }));
    this.#active = true;
    this.#startedAtMs = atMs;
    const placement = new Map<string, string>();
    for (const g of this.#groups) for (const pid of g.participantIds) placement.set(pid, g.id);
    return placement;
  }

  /** Ends the round; returns the ids that were placed in groups. */
  end(): string[] {
    if (!this.#active) throw new ConflictError('No breakout groups are running');
    const placed = this.#groups.flatMap((g) => g.participantIds);
    this.#active = false;
    this.#groups = [];
    this.#startedAtMs = 0;
    return placed;
  }

  /** The group a participant was assigned to in the running round, or ''. */
  groupOf(participantId: string): string {
    if (!this.#active) return '';
    return this.#groups.find((g) => g.participantIds.includes(participantId))?.id ?? '';
  }

  /**
   * A participant entering the lesson's next room: the group their account was assigned to in
   * the running round (they become its member under their new id), or ''.
   */
  returning(participantId: string, userId: string): string {
    if (!this.#active || userId === '') return '';
    const group = this.#groups.find((g) => g.userIds.includes(userId));
    if (!group) return '';
    if (!group.participantIds.includes(participantId)) group.participantIds.push(participantId);
    return group.id;
  }

  /** What is kept of the round: groups by account (KeptBreakout). */
  toKeep(): KeptBreakout {
    return { active: this.#active, startedAtMs: this.#startedAtMs, groups: this.#groups.map((g) => ({ id: g.id, name: g.name, userIds: [...g.userIds] })) };
  }

  /** Starts from the round of the lesson's earlier room: the groups wait for their members to come back. */
  restore(kept: KeptBreakout): void {
    this.#active = kept.active && kept.groups.length > 0;
    this.#startedAtMs = this.#active ? kept.startedAtMs : 0;
    this.#groups = this.#active ? kept.groups.map((g) => ({ id: g.id, name: g.name, participantIds: [], userIds: [...g.userIds] })) : [];
  }

  hasGroup(groupId: string): boolean {
    return this.#groups.some((g) => g.id === groupId);
  }

  view(): BreakoutView {
    return {
      active: this.#active,
      startedAtMs: this.#startedAtMs,
      groups: this.#groups.map((g) => ({ id: g.id, name: g.name, participantIds: [...g.participantIds] })),
    };
  }

  #byHand(assignments: GroupAssignment[], eligible: string[]): GroupAssignment[] {
    if (assignments.length > LIMITS.maxGroups) throw new ValidationError(`At most ${LIMITS.maxGroups} groups`);
    const allowed = new Set(eligible);
    const seen = new Set<string>();
    return assignments.map((a, i) => {
      const name = cleanText(a.name || `Nhóm ${i + 1}`, 'Group name', LIMITS.groupName);
      for (const pid of a.participantIds) {
        if (!allowed.has(pid)) throw new ValidationError(`Participant ${pid} is not a student present in the lesson`);
        if (seen.has(pid)) throw new ValidationError(`Participant ${pid} is in two groups`);
        seen.add(pid);
      }
      return { name, participantIds: [...a.participantIds] };
    });
  }

  #random(count: number, eligible: string[]): GroupAssignment[] {
    if (!Number.isInteger(count) || count < 1) throw new ValidationError('Give the groups or a number of groups');
    if (count > LIMITS.maxGroups) throw new ValidationError(`At most ${LIMITS.maxGroups} groups`);
    if (eligible.length < count) throw new ValidationError(`Only ${eligible.length} students present for ${count} groups`);
    const shuffled = [...eligible];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j] as string, shuffled[i] as string];
    }
    const groups: GroupAssignment[] = Array.from({ length: count }, (_, i) => ({ name: `Nhóm ${i + 1}`, participantIds: [] }));
    shuffled.forEach((pid, i) => groups[i % count]?.participantIds.push(pid));
    return groups;
  }
}
