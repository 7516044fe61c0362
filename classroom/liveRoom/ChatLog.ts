import type { ChatEntry } from './LiveRoomTypes.js';

/**
 * The recent chat of each room of a lesson (main room '' and breakout groups), so that a late
 * joiner sees the conversation. Bounded per room; the full record is the attendance store's job.
 */
export class ChatLog {
  readonly #capacity: number;
  readonly #byGroup = new Map<string, ChatEntry[]>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  append(entry: ChatEntry): void {
    const list = this.#byGroup.get(entry.groupId) ?? [];
    list.push(entry);
    if (list.length > this.#capacity) list.splice(0, list.length - this.#capacity);
    this.#byGroup.set(entry.groupId, list);
  }

  recent(groupId: string): ChatEntry[] {
    return [...(this.#byGroup.get(groupId) ?? [])];
  }
}
