/** Breakout groups (R7): the teacher splits the present students into groups and brings them back. */

export interface GroupAssignment {
  name: string;
  participantIds: string[];
}

export interface BreakoutGroupView {
  id: string;
  name: string;
  participantIds: string[];
}

export interface BreakoutView {
  active: boolean;
  groups: BreakoutGroupView[];
  startedAtMs: number;
}

/** What the breakout feature tells the lesson. */
export type BreakoutEvent =
  | { type: 'breakoutChanged'; breakout: BreakoutView }
  | { type: 'groupBroadcast'; text: string; fromParticipantId: string; atMs: number };

/** The teacher's requests; each refuses anyone but a teacher (NotAuthorizedError). */
export interface BreakoutRoundsApi {
  /** Splits the present students: by hand (`assignments`), or randomly into `randomCount` groups. */
  start(actorId: string, input: { assignments: GroupAssignment[]; randomCount: number }): Promise<void>;
  /** Ends the round: everyone, visiting teachers included, returns to the main room. */
  end(actorId: string): Promise<void>;
  /** The teacher goes to a group's room ('' = back to the main room). */
  visit(actorId: string, groupId: string): Promise<void>;
  /** A message from the teacher to every group. */
  broadcast(actorId: string, text: string): Promise<void>;
}

/** What is kept of a round outside the room (RoomContext.kept): members by account. */
export interface KeptBreakout {
  active: boolean;
  startedAtMs: number;
  groups: Array<{ id: string; name: string; userIds: string[] }>;
}
