import type { ChatEntry } from './LiveRoomTypes.js';
import { chatSlot, type KeptLessonState } from './LessonStateTypes.js';

/** A message with its author's account: participant ids change between rooms of a lesson, accounts do not. */
export interface LoggedChat {
  entry: ChatEntry;
  userId: string;
}

/**
 * The recent chat of each room of a lesson (main room '' and breakout groups), so that a late
 * joiner sees the conversation. Bounded per room; the full record is the attendance store's job.
 * Kept outside the room while the lesson runs (LessonStateTypes.ts), so a room made again
 * starts from it.
 */
export class ChatLog {
  readonly capacity: number;
  readonly #byGroup = new Map<string, LoggedChat[]>();

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  append(logged: LoggedChat): void {
    const list = this.#byGroup.get(logged.entry.groupId) ?? [];
    list.push(logged);
    if (list.length > this.capacity) list.splice(0, list.length - this.capacity);
    this.#byGroup.set(logged.entry.groupId, list);
  }

  /**
   * The room's recent messages, oldest first. An author's participant id is the one they have
   * now (`currentId` by account), so a message from before a move is still "mine" on their page.
   */
  recent(groupId: string, currentId: (userId: string) => string | undefined): ChatEntry[] {
    return (this.#byGroup.get(groupId) ?? []).map(({ entry, userId }) => {
      const id = userId === '' ? undefined : currentId(userId);
      return id === undefined || id === entry.participantId ? { ...entry } : { ...entry, participantId: id };
    });
  }

  /** Starts from the chat an earlier room of the lesson kept; entries that are not chat are skipped. */
  restore(kept: KeptLessonState): void {
    for (const [slot, items] of Object.entries(kept.lists)) {
      for (const item of items) {
        const logged = keptChat(item);
        if (logged && chatSlot(logged.entry.groupId) === slot) this.append(logged);
      }
    }
  }
}

/** The kept form of a message (JSON of the entry plus its author's account). */
export function chatToKeep({ entry, userId }: LoggedChat): Record<string, unknown> {
  return { ...entry, userId };
}

function keptChat(text: string): LoggedChat | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const [id, participantId, displayName, body, groupId, userId] = ['id', 'participantId', 'displayName', 'text', 'groupId', 'userId'].map(str);
  const sentAtMs = o.sentAtMs;
  if (id === undefined || participantId === undefined || displayName === undefined || body === undefined || groupId === undefined || userId === undefined) return undefined;
  if (typeof sentAtMs !== 'number' || !Number.isFinite(sentAtMs)) return undefined;
  return { entry: { id, participantId, displayName, text: body, sentAtMs, groupId }, userId };
}
