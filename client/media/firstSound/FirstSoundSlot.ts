/**
 * MediaClient's first sound, from the ask to the hand-over (docs/weak-networks.md "The first
 * sound"). The ask goes out right behind the join (LessonSession), when the page's media library
 * is not loaded yet; the answer is taken when the media start; the page's own consumer of the
 * same microphone having sound ends it. Once handed over or closed it is never asked again for
 * this page: a reconnection's media come back through the library, which is loaded by then.
 */
import type { IceServer } from '../../net/index.js';
import { log } from '../../util/log.js';
import { markOnce } from '../../util/timeline.js';
import type { InboundMediaStats, RemoteTrack } from '../MediaTypes.js';
// In the entry, not a chunk of its own: fetched with the ask, the ~2 kB chunk queued behind the
// 33 kB media library on the weak link and arrived after it (bench:netem, session 13).
import { FirstSound, type FirstSoundDeps, type FirstSoundSignal } from './FirstSound.js';

export class FirstSoundSlot {
  readonly #signal: FirstSoundSignal;
  readonly #deps: FirstSoundDeps | undefined;
  #asked: ReturnType<FirstSoundSignal['firstSound']> | null = null;
  #sound: FirstSound | null = null;
  #playing = false;
  /** Handed over or closed: nothing more to do. */
  #done = false;
  #tracks: readonly RemoteTrack[] = [];
  #watched: MediaStreamTrack | null = null;
  /** A first sound opened by the join entry before the app (docs/weak-networks.md "The join entry"). */
  #adopted = false;

  constructor(signal: FirstSoundSignal, deps?: FirstSoundDeps) {
    this.#signal = signal;
    this.#deps = deps;
  }

  /** Sends FirstSoundRequest (once; again only after a refusal, e.g. asked from the lobby). */
  ask(): void {
    if (this.#done || this.#asked) return;
    markOnce('first-sound-asked');
    const asked = this.#signal.firstSound();
    this.#asked = asked;
    asked.catch(() => {
      if (this.#asked === asked) this.#asked = null;
    });
  }

  /**
   * Takes the first sound the join entry opened on its own connection before the app came: it
   * plays until this page's own consumer of that microphone has sound, like one asked here, and is
   * kept when the media library is there at the media start (it is already playing). Nothing (the
   * join went to the lobby, no teacher's microphone) leaves the slot as if nothing was asked.
   */
  adopt(entrySound: Promise<FirstSound | null>): void {
    if (this.#done || this.#asked) return;
    this.#adopted = true;
    this.#playing = true;
    const adopted: ReturnType<FirstSoundSignal['firstSound']> = entrySound.then(() => null);
    this.#asked = adopted;
    entrySound
      .then((sound) => {
        if (sound && !sound.closed && !this.#done) {
          this.#sound = sound;
          this.tracksChanged(this.#tracks);
          return;
        }
        sound?.close();
        if (this.#asked === adopted) {
          this.#asked = null;
          this.#playing = false;
          this.#adopted = false;
        }
      })
      .catch((error: unknown) => log.info('no first sound from the join entry', error));
  }

  /** The media library was there at the media start: a first sound asked here is not needed, the entry's plays on. */
  libraryFirst(): void {
    if (!this.#adopted) this.close();
  }

  /** The media start: asks if not asked yet and plays what the answer offers. */
  play(iceServers: readonly IceServer[]): void {
    if (this.#done || this.#playing) return;
    this.ask();
    const asked = this.#asked;
    if (!asked) return;
    this.#playing = true;
    asked
      .then(async (offer) => {
        if (!offer || this.#done) return;
        markOnce('first-sound-offered');
        const sound = await FirstSound.open(offer, iceServers, this.#signal, this.#deps);
        if (this.#done) sound.close();
        else {
          this.#sound = sound;
          this.tracksChanged(this.#tracks);
        }
      })
      .catch((error: unknown) => log.info('no first sound', error));
  }

  /** The page's own remote tracks changed: the teacher's microphone with sound ends the first sound. */
  tracksChanged(tracks: readonly RemoteTrack[]): void {
    this.#tracks = tracks;
    const sound = this.#sound;
    if (this.#done || !sound) return;
    const own = tracks.find((t) => t.participantId === sound.participantId && t.source === 'microphone' && t.kind === 'audio');
    if (!own || own.track === this.#watched) return;
    if (!own.track.muted) {
      this.#handOver();
      return;
    }
    this.#watched = own.track;
    own.track.addEventListener('unmute', () => this.#handOver(), { once: true });
  }

  #handOver(): void {
    if (this.#done) return;
    markOnce('first-sound-handed-over');
    this.close();
  }

  stats(): Promise<InboundMediaStats[]> {
    return this.#sound?.stats() ?? Promise.resolve([]);
  }

  /**
   * Ends it for this page (handed over, the media closed, or not wanted: the library came before
   * the answer). An answer still on its way is closed on the server when it comes, so that its
   * transport does not wait out the server's 30 s. Safe to call twice.
   */
  close(): void {
    const asked = !this.#done && !this.#playing ? this.#asked : null;
    asked?.then((offer) => offer && this.#signal.firstSoundClose(offer.transport.id)).catch(() => undefined);
    this.#done = true;
    this.#sound?.close();
    this.#sound = null;
    this.#tracks = [];
  }
}
