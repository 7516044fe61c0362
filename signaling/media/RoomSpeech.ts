/**
 * "Who is speaking" per media room (R6): the engine's `talking` (voice activity per
 * participant, both engines) and `activeSpeaker` (the one who speaks most, mediasoup) become
 * Talking / ActiveSpeaker pushes to everyone in the room and to the teachers elsewhere (a
 * teacher supervising breakout groups sees who talks in each). A participant entering a room
 * is told the current state, so that a late joiner does not wait for the next change.
 */
import type { ParticipantView } from '../../classroom/index.js';
import type { MediaAudience } from './LessonMedia.js';

interface Speech {
  talking: Set<string>;
  active: string | null;
}

export class RoomSpeech {
  readonly #audience: MediaAudience;
  readonly #rooms = new Map<string, Speech>();

  constructor(audience: MediaAudience) {
    this.#audience = audience;
  }

  talking(groupId: string, participantId: string, talking: boolean): void {
    const speech = this.#of(groupId);
    if (talking === speech.talking.has(participantId)) return;
    if (talking) speech.talking.add(participantId);
    else speech.talking.delete(participantId);
    this.#tell(groupId, { type: 'talking', participantId, talking });
  }

  activeSpeaker(groupId: string, participantId: string | null): void {
    const speech = this.#of(groupId);
    if (speech.active === participantId) return;
    speech.active = participantId;
    this.#tell(groupId, { type: 'activeSpeaker', participantId: participantId ?? '' });
  }

  /** Tells a participant who enters `p.groupId`'s room what is going on there. */
  greet(p: ParticipantView): void {
    const speech = this.#rooms.get(p.groupId);
    if (!speech) return;
    for (const id of speech.talking) if (id !== p.id) this.#audience.push(p.id, { type: 'talking', participantId: id, talking: true });
    if (speech.active && speech.active !== p.id) this.#audience.push(p.id, { type: 'activeSpeaker', participantId: speech.active });
  }

  /** The participant's media left the room: it no longer talks there. */
  left(groupId: string, participantId: string): void {
    const speech = this.#rooms.get(groupId);
    if (!speech) return;
    if (speech.talking.has(participantId)) this.talking(groupId, participantId, false);
    if (speech.active === participantId) this.activeSpeaker(groupId, null);
  }

  /** The room's media was lost or closed: nobody talks there any more. */
  reset(groupId: string): void {
    const speech = this.#rooms.get(groupId);
    if (!speech) return;
    for (const id of [...speech.talking]) this.talking(groupId, id, false);
    this.activeSpeaker(groupId, null);
    this.#rooms.delete(groupId);
  }

  #of(groupId: string): Speech {
    let speech = this.#rooms.get(groupId);
    if (!speech) this.#rooms.set(groupId, (speech = { talking: new Set(), active: null }));
    return speech;
  }

  #tell(groupId: string, body: Parameters<MediaAudience['push']>[1]): void {
    const inRoom = this.#audience.inGroup(groupId);
    const told = new Set(inRoom.map((p) => p.id));
    for (const p of inRoom) this.#audience.push(p.id, body);
    if (groupId === '') return;
    // Teachers outside the group (in the main room or visiting another) follow it too.
    for (const p of this.#audience.inGroup('')) if (p.role === 'teacher' && !told.has(p.id)) this.#audience.push(p.id, body);
  }
}
