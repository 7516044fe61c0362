import { useEffect } from 'preact/hooks';
import { log } from '../../util/log.js';

/**
 * Keeps a phone's screen on during the lesson: a student watching without touching the screen
 * would otherwise see it go dark after 30 s. The lock is lost whenever the page is hidden, so
 * it is asked for again when the page comes back. Browsers without the API just sleep.
 */
export function useWakeLock(): void {
  useEffect(() => {
    const api = typeof navigator !== 'undefined' ? navigator.wakeLock : undefined;
    if (!api) return;
    let lock: WakeLockSentinel | null = null;
    let active = true;
    const acquire = () => {
      if (!active || document.visibilityState !== 'visible') return;
      api.request('screen').then(
        (sentinel) => {
          if (active) lock = sentinel;
          else void sentinel.release();
        },
        (error: unknown) => log.debug('wake lock refused', error),
      );
    };
    acquire();
    document.addEventListener('visibilitychange', acquire);
    return () => {
      active = false;
      document.removeEventListener('visibilitychange', acquire);
      void lock?.release();
    };
  }, []);
}
