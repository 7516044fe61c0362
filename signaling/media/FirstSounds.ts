/**
 * The first sound of each participant of a lesson (docs/protocol.md "The first sound"): at most
 * one engine listener per participant, kept until its page hears the teacher through its own
 * media (it closes it), `timeoutMs` passed, or the participant leaves or starts its media over
 * (LessonMedia calls drop()). What the engine closes by itself (the microphone unpublished, the
 * peer removed, the room closed or reset) is forgotten here on the listener's `closed` event.
 *
 * A participant's requests reach here one at a time (a connection's requests are handled in
 * order), but a leave can come while a listener is being made: open() then closes what it made.
 */
import { NotFoundError, UnavailableError } from '../../platform/index.js';
import type { DtlsParameters, StreamListener } from '../../sfu/index.js';

/** How long a first sound lasts at most: the page's own media should play well before. */
export const FIRST_SOUND_TIMEOUT_MS = 30_000;

/**
 * First sounds open (or being made) at once in one lesson. They are all made on the room's origin
 * worker, the one that already carries the teacher's streams: a school assembly whose 1,000 students
 * all join for the first time at 8:00 must not put 1,000 extra ICE/DTLS handshakes there. Past the
 * cap the answer is "nothing to hear" and those pages hear the teacher through their own media, as
 * before the first sound existed; a class of 40 never reaches it.
 */
export const FIRST_SOUNDS_PER_LESSON = 50;

export interface FirstSoundsOptions {
  /** Default: FIRST_SOUND_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Default: FIRST_SOUNDS_PER_LESSON. */
  maxOpen?: number;
}

export class FirstSounds {
  readonly #timeoutMs: number;
  readonly #maxOpen: number;
  readonly #open = new Map<string, StreamListener>();
  /** Per participant: the open() in progress; drop() forgets it, so that it closes what it made. */
  readonly #opening = new Map<string, number>();
  #nextOpening = 0;

  constructor(options: FirstSoundsOptions = {}) {
    this.#timeoutMs = options.timeoutMs ?? FIRST_SOUND_TIMEOUT_MS;
    this.#maxOpen = options.maxOpen ?? FIRST_SOUNDS_PER_LESSON;
  }

  /** The participant's open listener, if any (tests, tools). */
  of(participantId: string): StreamListener | undefined {
    return this.#open.get(participantId);
  }

  /**
   * Replaces the participant's first sound with what `make` makes (undefined: nothing to hear,
   * and the participant has none; also when the lesson has its cap of first sounds, without
   * calling `make`). Rejects with an UnavailableError when the participant was dropped meanwhile
   * (what was made is closed).
   */
  async open(participantId: string, make: () => Promise<StreamListener | undefined>): Promise<StreamListener | undefined> {
    this.drop(participantId);
    if (this.#open.size + this.#opening.size >= this.#maxOpen) return undefined;
    const opening = ++this.#nextOpening;
    this.#opening.set(participantId, opening);
    let wanted = false;
    let listener: StreamListener | undefined;
    try {
      listener = await make();
    } finally {
      wanted = this.#opening.get(participantId) === opening;
      if (wanted) this.#opening.delete(participantId);
    }
    if (!wanted) {
      listener?.close();
      throw new UnavailableError('Your media moved; start again');
    }
    if (!listener || listener.closed) return undefined; // closed meanwhile: the microphone went, nothing to hear
    this.#keep(participantId, listener);
    return listener;
  }

  /** Connects the participant's current first sound; a NotFoundError for any other transport id. */
  async connect(participantId: string, transportId: string, dtlsParameters: DtlsParameters): Promise<void> {
    const listener = this.#open.get(participantId);
    if (!listener || listener.id !== transportId) throw new NotFoundError('No such first-sound transport (closed, or not yours)');
    await listener.connect(dtlsParameters);
  }

  /** The page hears the teacher through its own media: closes its first sound. Another id (someone else's, an old one) does nothing. */
  close(participantId: string, transportId: string): void {
    const listener = this.#open.get(participantId);
    if (listener?.id === transportId) listener.close();
  }

  /** The participant left or starts its media over: its first sound (and one being made) closes. */
  drop(participantId: string): void {
    this.#opening.delete(participantId);
    this.#open.get(participantId)?.close();
  }

  /** The lesson's media closes. */
  dropAll(): void {
    this.#opening.clear();
    for (const listener of [...this.#open.values()]) listener.close();
  }

  #keep(participantId: string, listener: StreamListener): void {
    const timer = setTimeout(() => listener.close(), this.#timeoutMs);
    timer.unref?.();
    this.#open.set(participantId, listener);
    listener.once('closed', () => {
      clearTimeout(timer);
      if (this.#open.get(participantId) === listener) this.#open.delete(participantId);
    });
  }
}
