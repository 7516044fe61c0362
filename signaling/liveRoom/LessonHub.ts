/**
 * A lesson running on this node: its domain room, the connections of its participants, and
 * its media. Domain events become pushes here (see lessonPushes.ts); this class owns who is
 * connected as whom.
 */
import {
  LessonRoom,
  type Audience,
  type JoinIdentity,
  type JoinOptions,
  type JoinResult,
  type LessonActivity,
  type ParticipantView,
} from '../../classroom/index.js';
import type { Logger } from '../../platform/index.js';
import type { MediaEngine } from '../../sfu/index.js';
import type { ServerBody } from '../codec/messages.js';
import { LessonMedia, type MediaAudience } from '../media/LessonMedia.js';
import { CLOSE } from '../ws/closeCodes.js';
import type { ClientSession } from '../ws/ClientSession.js';
import { wirePushes } from './lessonPushes.js';

export interface LessonHubDeps {
  engine: MediaEngine;
  logger: Logger;
  /** Facts for the attendance record, as they happen. */
  onActivity(activity: LessonActivity): void;
  /** A teacher entered: the lesson has started (idempotent). */
  onStarted(lessonId: string): void;
  /** The lesson ended for everyone (record it so nobody joins after). */
  onEnded(lessonId: string): void;
  /** Nobody is left in the lesson or its lobby. */
  onEmpty(hub: LessonHub): void;
  onParticipantsChanged(role: string, delta: number): void;
}

export class LessonHub implements MediaAudience {
  readonly room: LessonRoom;
  readonly media: LessonMedia;
  readonly logger: Logger;
  readonly #sessions = new Map<string, ClientSession>();
  readonly #deps: LessonHubDeps;
  #closed = false;

  constructor(room: LessonRoom, deps: LessonHubDeps) {
    this.room = room;
    this.#deps = deps;
    this.logger = deps.logger.child({ room: room.id });
    this.media = new LessonMedia(room.id, deps.engine, this, this.logger);
    wirePushes(this, deps);
  }

  get id(): string {
    return this.room.id;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Joins (or rejoins) through the room's rules and binds the connection to the participant. An
   * older connection of the same participant is closed with 4409 (the newest one wins).
   */
  async join(session: ClientSession, identity: JoinIdentity, options: JoinOptions): Promise<JoinResult> {
    const result = await this.room.join(identity, options);
    const pid = result.participant.id;
    if (session.closed) {
      // The socket went away while the room was deciding: treat it as a dropped connection.
      await this.room.disconnect(pid).catch(() => undefined);
      return result;
    }
    const previous = this.#sessions.get(pid);
    if (previous && previous !== session) {
      previous.unbind();
      previous.close(CLOSE.replaced, 'Opened in another window');
    }
    this.#sessions.set(pid, session);
    session.bind({ lessonId: this.id, participantId: pid, onConnectionLost: (s) => this.#connectionLost(s, pid) });
    if (result.status === 'admitted') this.#enterMediaSoon(result.participant);
    return result;
  }

  /** A deliberate leave: the connection closes with 1000 after the answer. */
  async leave(session: ClientSession, participantId: string): Promise<void> {
    session.unbind();
    if (this.#sessions.get(participantId) === session) this.#sessions.delete(participantId);
    await this.room.leave(participantId);
  }

  participant(id: string): ParticipantView | undefined {
    return this.room.participant(id);
  }

  inGroup(groupId: string): ParticipantView[] {
    return this.room.participants().filter((p) => p.groupId === groupId);
  }

  push(participantId: string, body: ServerBody): void {
    this.#sessions.get(participantId)?.push(body);
  }

  /** Pushes to every connection of the lesson, the lobby included. */
  pushAll(body: ServerBody): void {
    for (const session of this.#sessions.values()) session.push(body);
  }

  /** Pushes to every admitted participant that `filter` accepts. */
  broadcast(body: ServerBody, filter: (p: ParticipantView) => boolean = () => true): void {
    for (const p of this.room.participants()) if (filter(p)) this.push(p.id, body);
  }

  /** Pushes to a live feature's audience (classroom Audience); never to the lobby. */
  deliver(audience: Audience, body: ServerBody): void {
    switch (audience.to) {
      case 'everyone':
        return this.broadcast(body);
      case 'participant':
        if (this.room.isAdmitted(audience.participantId)) this.push(audience.participantId, body);
        return;
      case 'room':
        return this.broadcast(body, (p) => p.groupId === audience.groupId);
      case 'teachers':
        return this.broadcast(body, (p) => p.role === 'teacher');
    }
  }

  /** Closes a participant's connection after the pushes queued for it. */
  disconnectSession(participantId: string, code: number, reason: string): void {
    const session = this.#sessions.get(participantId);
    this.#sessions.delete(participantId);
    if (!session) return;
    session.unbind();
    session.closeAfterAnswer(code, reason);
  }

  /** Media of an admitted participant starts after its join answer has been sent. */
  enterMedia(p: ParticipantView): void {
    this.#enterMediaSoon(p);
  }

  hasSessions(): boolean {
    return this.#sessions.size > 0;
  }

  /** Closes the room (not ending the lesson), its media and every connection. Safe twice. */
  async close(code: number = CLOSE.draining, reason = 'Server restarting'): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const pid of [...this.#sessions.keys()]) this.disconnectSession(pid, code, reason);
    this.room.close();
    await this.media.close();
  }

  #enterMediaSoon(p: ParticipantView): void {
    setImmediate(() => {
      if (this.#closed) return;
      this.media.enter(p).catch((err: unknown) => this.logger.warn({ err, participant: p.id }, 'media subscription failed'));
    });
  }

  #connectionLost(session: ClientSession, participantId: string): void {
    if (this.#sessions.get(participantId) !== session) return;
    this.#sessions.delete(participantId);
    this.room.disconnect(participantId).catch(() => undefined);
  }
}
