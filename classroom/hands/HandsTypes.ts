/** Raised hands (R2): the queue of who wants to speak, oldest first. */

export interface HandEntry {
  participantId: string;
  displayName: string;
  raisedAtMs: number;
}

/** What the hands feature tells the room's participants. */
export type HandsEvent = { type: 'handQueueChanged'; entries: HandEntry[] };

/** A participant's hand; the teacher may lower anyone's. */
export interface HandRaisingApi {
  /** Raises the participant's own hand; a hand already up keeps its place. */
  raise(participantId: string): Promise<void>;
  /** Lowers the actor's own hand (`targetId` '' or the actor), or, for a teacher, anyone's. */
  lower(actorId: string, targetId: string): Promise<void>;
}
