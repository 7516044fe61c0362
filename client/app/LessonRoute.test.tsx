import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RemoteTrack } from '../media/index.js';
import { mediaHealth, mediaReceiving, phase, resetConnection } from '../state/connection.js';
import { remoteTracks } from '../state/remoteMedia.js';
import { screenBeforeMedia } from '../state/entryJoin.js';
import { LessonRoute, NOTHING_TO_RECEIVE_MS, SCREEN_WAIT_MAX_MS, screenAfterMedia } from './LessonRoute.js';
import { lazyPage } from './lazyPage.js';

vi.mock('./pageStyles.js', () => ({ loadScreenStyles: () => Promise.resolve() }));

let container: HTMLElement;
let fetches = 0;

/** A lesson screen whose chunk counts its fetches. */
function countedScreen() {
  const View = lazyPage(() => {
    fetches++;
    return Promise.resolve(() => <div data-testid="lesson-view-stub" />);
  });
  return screenAfterMedia(View);
}

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(() => Promise.resolve());
}

beforeEach(() => {
  fetches = 0;
  container = document.createElement('div');
  document.body.append(container);
  resetConnection();
});

afterEach(() => {
  render(null, container);
  container.remove();
  resetConnection();
  remoteTracks.value = [];
  screenBeforeMedia.value = false;
  vi.useRealTimers();
});

const shown = () => container.querySelector('[data-testid="lesson-view-stub"]') !== null;
const loading = () => container.querySelector('[data-testid="page-loading"]') !== null;

/** A teacher's announced audio track (the screen waits for the receive transport then). */
function expectTeacher(): void {
  remoteTracks.value = [{ participantId: 'teacher', source: 'microphone', kind: 'audio', mid: '0', track: { id: 'a1' }, stream: null } as unknown as RemoteTrack];
}

describe("the lesson's screen on a join link (issue 10: nothing downloads during ICE/DTLS)", () => {
  it('is not fetched while the receive transport connects, and loads once it is connected', async () => {
    const Screen = countedScreen();
    expectTeacher();
    mediaHealth.value = 'connected'; // set up, the consumer not yet reported as connecting
    act(() => render(<Screen />, container));
    await flush();
    expect(fetches).toBe(0);
    expect(loading()).toBe(true);

    act(() => {
      mediaReceiving.value = true;
    });
    await flush();
    expect(fetches).toBe(1);
    expect(shown()).toBe(true);

    // A later reconnection does not take the screen away.
    act(() => {
      mediaHealth.value = 'connecting';
      mediaReceiving.value = false;
    });
    await flush();
    expect(shown()).toBe(true);
  });

  it(`loads NOTHING_TO_RECEIVE_MS after the set-up when nothing is announced (the teacher first in)`, async () => {
    vi.useFakeTimers();
    const Screen = countedScreen();
    mediaHealth.value = 'connecting';
    act(() => render(<Screen />, container));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1000);
    });
    expect(fetches).toBe(0);
    act(() => {
      mediaHealth.value = 'connected';
    });
    await act(async () => {
      await vi.advanceTimersByTimeAsync(NOTHING_TO_RECEIVE_MS - 100);
    });
    expect(fetches).toBe(0);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(200);
    });
    vi.useRealTimers();
    await flush();
    expect(shown()).toBe(true);
  });

  it('loads anyway after SCREEN_WAIT_MAX_MS when the media never connect', async () => {
    vi.useFakeTimers();
    const Screen = countedScreen();
    expectTeacher();
    mediaHealth.value = 'connecting';
    act(() => render(<Screen />, container));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(SCREEN_WAIT_MAX_MS - 100);
    });
    expect(fetches).toBe(0);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(200);
    });
    vi.useRealTimers();
    await flush();
    expect(fetches).toBe(1);
    expect(shown()).toBe(true);
  });

  it('loads at once when the media failed, and at once when it is already here (an earlier lesson in this tab)', async () => {
    const Screen = countedScreen();
    expectTeacher();
    mediaHealth.value = 'failed';
    act(() => render(<Screen />, container));
    await flush();
    expect(shown()).toBe(true);

    render(null, container);
    const View = lazyPage(() => Promise.resolve(() => <div data-testid="lesson-view-stub" />));
    View.preload();
    await flush();
    const Preloaded = screenAfterMedia(View);
    mediaHealth.value = 'connecting';
    act(() => render(<Preloaded />, container));
    await flush();
    expect(shown()).toBe(true);
  });

  it("loads as soon as a join the entry started has its first sound settled, the media still connecting (the video would take the link first)", async () => {
    const Screen = countedScreen();
    expectTeacher();
    mediaHealth.value = 'connecting';
    act(() => render(<Screen />, container));
    await flush();
    expect(fetches).toBe(0);
    act(() => {
      screenBeforeMedia.value = true;
    });
    await flush();
    expect(fetches).toBe(1);
    expect(shown()).toBe(true);
  });

  it('plays the sound while the screen waits for the media connections', async () => {
    phase.value = 'live';
    expectTeacher();
    mediaHealth.value = 'connecting';
    act(() => render(<LessonRoute lessonId="l1" token="t" />, container));
    await flush();
    expect(container.querySelector('.remote-audio')).not.toBeNull();
    expect(loading()).toBe(true);
  });
});

describe("a lazily loaded page's ready() (the media of an entry's join wait for the lesson's screen with it)", () => {
  it('starts the download once, resolves when it is here, and again at once after', async () => {
    let arrive: () => void = () => undefined;
    const View = lazyPage(() => {
      fetches++;
      return new Promise<() => null>((resolve) => (arrive = () => resolve(() => null)));
    });
    let ready = false;
    void View.ready().then(() => (ready = true));
    void View.ready();
    await flush();
    expect(fetches).toBe(1);
    expect(ready).toBe(false);
    arrive();
    await flush();
    expect(ready).toBe(true);
    expect(View.loaded()).toBe(true);
    await View.ready();
    expect(fetches).toBe(1);
  });

  it('rejects when the download failed, and tries again on the next call', async () => {
    const View = lazyPage(() => {
      fetches++;
      return fetches === 1 ? Promise.reject(new Error('offline')) : Promise.resolve(() => null);
    });
    await expect(View.ready()).rejects.toThrow('offline');
    await View.ready();
    expect(fetches).toBe(2);
    expect(View.loaded()).toBe(true);
  });
});
