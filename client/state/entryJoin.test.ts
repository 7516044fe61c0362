/**
 * The app taking over a join the entry started (entryJoin.ts): the session gets the entry's join,
 * the lesson's screen may load once the entry's first sound settled, and the media library waits
 * for the screen (on a weak link the video would otherwise fill the link first).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FirstSound } from '../media/index.js';

const mocks = vi.hoisted(() => ({ joinLesson: vi.fn((_params: unknown) => Promise.resolve()), loadLibrary: vi.fn((_options: unknown) => Promise.resolve({ controller: true })) }));
vi.mock('./session.js', () => ({ joinLesson: mocks.joinLesson }));
vi.mock('./selfMedia.js', () => ({ setJoinDefaults: () => undefined, prepareDevices: () => Promise.resolve() }));
vi.mock('../media/index.js', () => ({ loadTransportController: mocks.loadLibrary }));

import { offerToApp, type EntryJoinHandOver } from '../joinEntry/handOver.js';
import { continueFromEntry, registerLessonScreen, SCREEN_BEFORE_MEDIA_MAX_MS, screenBeforeMedia } from './entryJoin.js';

interface TakenOver {
  lessonId: string;
  loadTransportController: (options: unknown) => Promise<unknown>;
}

/** Offers a join as the entry would, lets the app take it, and returns what the session was given. */
function takeOver(firstSound: Promise<FirstSound | null> = Promise.resolve(null)): TakenOver {
  const join: EntryJoinHandOver = {
    lessonId: 'les_1',
    joinToken: 'payload.sig',
    displayName: 'An',
    adopt: () => ({ send: () => undefined, close: () => undefined }),
    firstSound,
  };
  offerToApp({ join, typedName: () => 'An', dismiss: () => undefined });
  continueFromEntry();
  const params = mocks.joinLesson.mock.calls.at(-1)?.[0] as TakenOver | undefined;
  if (!params) throw new Error('the session was not started');
  return params;
}

const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

afterEach(() => {
  mocks.joinLesson.mockClear();
  mocks.loadLibrary.mockClear();
  screenBeforeMedia.value = false;
  registerLessonScreen(() => Promise.resolve());
  vi.useRealTimers();
});

describe("a join the entry started, taken over by the app", () => {
  it("goes on as the app's session; its media library waits for the lesson's screen", async () => {
    let screenHere: () => void = () => undefined;
    registerLessonScreen(() => new Promise<void>((resolve) => (screenHere = resolve)));
    const session = takeOver();
    expect(session.lessonId).toBe('les_1');
    const controller = session.loadTransportController({ signal: {} });
    await flush();
    expect(mocks.loadLibrary).not.toHaveBeenCalled();
    screenHere();
    await expect(controller).resolves.toEqual({ controller: true });
    expect(mocks.loadLibrary).toHaveBeenCalledTimes(1);
  });

  it(`does not hold the media longer than ${SCREEN_BEFORE_MEDIA_MAX_MS} ms, nor at all when the screen failed to load`, async () => {
    vi.useFakeTimers();
    registerLessonScreen(() => new Promise<void>(() => undefined));
    const slow = takeOver().loadTransportController({ signal: {} });
    await vi.advanceTimersByTimeAsync(SCREEN_BEFORE_MEDIA_MAX_MS - 100);
    expect(mocks.loadLibrary).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    await slow;
    expect(mocks.loadLibrary).toHaveBeenCalledTimes(1);

    registerLessonScreen(() => Promise.reject(new Error('offline')));
    await takeOver().loadTransportController({ signal: {} });
    expect(mocks.loadLibrary).toHaveBeenCalledTimes(2);
  });

  it("lets the lesson's screen load once the entry's first sound settled, not before", async () => {
    let settle: () => void = () => undefined;
    const sound = { settled: new Promise<void>((resolve) => (settle = resolve)) } as unknown as FirstSound;
    takeOver(Promise.resolve(sound));
    await flush();
    expect(screenBeforeMedia.value).toBe(false);
    settle();
    await flush();
    expect(screenBeforeMedia.value).toBe(true);
  });

  it('lets it load when there was no first sound (nothing to hear)', async () => {
    takeOver(Promise.resolve(null));
    await flush();
    expect(screenBeforeMedia.value).toBe(true);
  });
});
