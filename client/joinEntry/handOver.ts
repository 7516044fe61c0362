/**
 * What the join entry (docs/weak-networks.md "The join entry") hands to the app when the app's
 * code arrives: the join the student started before it (its parameters, its WebSocket with
 * everything the server has said on it, its first sound), or only the name being typed. The
 * entry is inlined in index.html and built apart from the app (client/joinEntry/inlineJoinEntry.ts),
 * so each has its own copy of this module: the offer goes through one property of the page's
 * global object, read and removed by the app's first call.
 */
import type { FirstSound } from '../media/firstSound/FirstSound.js';
import type { WebSocketHandlers, WebSocketLike } from '../net/SocketTypes.js';

/** A join the entry sent on its own, before the app was there. */
export interface EntryJoinHandOver {
  lessonId: string;
  joinToken: string;
  displayName: string;
  /**
   * The entry's WebSocket for the session's first connection (EntryConnection.adopt): the app's
   * JoinRequest on it is answered with the JoinResponse the entry received. Once only: a
   * reconnection or a redirect opens an ordinary one.
   */
  adopt: (handlers: WebSocketHandlers) => WebSocketLike;
  /** The teacher heard before the app: the app's media close it when their own sound comes (null: none). */
  firstSound: Promise<FirstSound | null>;
}

export interface EntryState {
  /** Set once "Vào lớp" was pressed on the entry's page. */
  join: EntryJoinHandOver | null;
  /** The name in the entry's field (the app's join page starts from it). */
  typedName: () => string;
  /** Removes the entry's page (the app renders its own). */
  dismiss: () => void;
}

const OFFER = '__lophocJoinEntry';
type Scope = { [OFFER]?: EntryState };

/** The entry: what it will hand over. */
export function offerToApp(entry: EntryState): void {
  (globalThis as Scope)[OFFER] = entry;
}

/** Whether the entry has a join for the app to take over (read before takeFromEntry, which removes it). */
export function entryJoinWaiting(): boolean {
  return (globalThis as Scope)[OFFER]?.join != null;
}

/**
 * The app, once, at start: takes what the entry has (null without an entry: another route, a
 * teacher's link, English) and removes its page. The entry does nothing more after this.
 */
export function takeFromEntry(): { join: EntryJoinHandOver | null; typedName: string } | null {
  const scope = globalThis as Scope;
  const entry = scope[OFFER];
  delete scope[OFFER];
  if (!entry) return null;
  entry.dismiss();
  return { join: entry.join, typedName: entry.typedName() };
}
