import type { HandEntry } from './HandsTypes.js';

/** Raised hands in the order they went up (R2); a hand raised twice keeps its first place. */
export class HandQueue {
  #entries = new Map<string, HandEntry>();

  /** Returns false when the hand was already up. */
  raise(participantId: string, displayName: string, atMs: number): boolean {
    if (this.#entries.has(participantId)) return false;
    this.#entries.set(participantId, { participantId, displayName, raisedAtMs: atMs });
    return true;
  }

  /**
   * Puts back a hand raised in the lesson's earlier room, at its place by the time it went up
   * (ties keep the order they come in), so the queue's order survives a move of the lesson.
   */
  restore(entry: HandEntry): void {
    this.#entries.delete(entry.participantId);
    const all = [...this.#entries.values()];
    const at = all.findIndex((e) => e.raisedAtMs > entry.raisedAtMs);
    all.splice(at === -1 ? all.length : at, 0, { ...entry });
    this.#entries = new Map(all.map((e) => [e.participantId, e]));
  }

  /** Returns false when the hand was not up. */
  lower(participantId: string): boolean {
    return this.#entries.delete(participantId);
  }

  has(participantId: string): boolean {
    return this.#entries.has(participantId);
  }

  /** Oldest first (Map keeps insertion order). */
  entries(): HandEntry[] {
    return [...this.#entries.values()];
  }

  clear(): void {
    this.#entries.clear();
  }
}
