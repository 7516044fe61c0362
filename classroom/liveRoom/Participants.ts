import { NotFoundError, newId } from '../../platform/index.js';
import type { ConnectionQuality, ConnectionStatus, JoinIdentity, LessonRole, LobbyEntry } from './LiveRoomTypes.js';

/** The room's mutable record of one participant; views for the outside are built from it. */
export interface ParticipantRecord {
  readonly id: string;
  readonly userId: string;
  displayName: string;
  readonly role: LessonRole;
  readonly classMember: boolean;
  admitted: boolean;
  connection: ConnectionStatus;
  micOn: boolean;
  cameraOn: boolean;
  screenOn: boolean;
  quality: ConnectionQuality;
  canShareScreen: boolean;
  groupId: string;
  /** When the participant entered (admitted) the lesson this time. */
  joinedAtMs: number;
  waitingSinceMs: number;
  /** Set while reconnecting: when the connection dropped. */
  disconnectedAtMs: number;
  graceTimer: NodeJS.Timeout | undefined;
}

/** The participants of one lesson: at most one per user, found by id or by user. */
export class Participants {
  readonly #byId = new Map<string, ParticipantRecord>();

  create(identity: JoinIdentity, displayName: string, admitted: boolean, atMs: number): ParticipantRecord {
    const record: ParticipantRecord = {
      id: newId('p'),
      userId: identity.userId,
      displayName,
      role: identity.role,
      classMember: identity.classMember,
      admitted,
      connection: 'connected',
      micOn: false,
      cameraOn: false,
      screenOn: false,
      quality: 'unknown',
      canShareScreen: identity.role === 'teacher',
      groupId: '',
      joinedAtMs: admitted ? atMs : 0,
      waitingSinceMs: admitted ? 0 : atMs,
      disconnectedAtMs: 0,
      graceTimer: undefined,
    };
    this.#byId.set(record.id, record);
    return record;
  }

  get(id: string): ParticipantRecord | undefined {
    return this.#byId.get(id);
  }

  /** The participant, or a NotFoundError naming what was looked for. */
  require(id: string): ParticipantRecord {
    const p = this.#byId.get(id);
    if (!p) throw new NotFoundError('No such participant in this lesson');
    return p;
  }

  byUser(userId: string): ParticipantRecord | undefined {
    for (const p of this.#byId.values()) if (p.userId === userId) return p;
    return undefined;
  }

  delete(id: string): void {
    const p = this.#byId.get(id);
    if (p?.graceTimer) clearTimeout(p.graceTimer);
    this.#byId.delete(id);
  }

  admitted(): ParticipantRecord[] {
    return [...this.#byId.values()].filter((p) => p.admitted);
  }

  all(): ParticipantRecord[] {
    return [...this.#byId.values()];
  }

  /** Students waiting for admission, longest waiting first. */
  lobby(): LobbyEntry[] {
    return [...this.#byId.values()]
      .filter((p) => !p.admitted)
      .sort((a, b) => a.waitingSinceMs - b.waitingSinceMs)
      .map((p) => ({
        participantId: p.id,
        userId: p.userId,
        displayName: p.displayName,
        waitingSinceMs: p.waitingSinceMs,
        classMember: p.classMember,
      }));
  }
}
