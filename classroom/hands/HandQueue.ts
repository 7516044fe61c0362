import type { HandEntry } from './HandsTypes.js';

/** Raised hands in the order they went up (R2); a hand raised twice keeps its first place. */
export class HandQueue {
  readonly #entries = new Map<string, HandEntry>();

  /** Returns false when the hand was already up. */
  raise(participantId: string, displayName: string, atMs: number): boolean {
    if (this.#entries.has(participantId)) return false;
    this.#entries.set(participantId, { participantId, displayName, raisedAtMs: atMs });
    return true;
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
