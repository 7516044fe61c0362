import { batch, computed, signal } from '@preact/signals';
import { t } from '../i18n/index.js';
import { classifyMediaError, openScreen, screenShareSupported } from '../media/index.js';
import { log } from '../util/log.js';
import { showNotice } from './connection.js';
import { describeError } from './errors.js';
import { self, selfRole } from './lesson.js';
import { selfMediaSink } from './selfMedia.js';
import type { LessonPart } from './LessonPartTypes.js';

/**
 * Our screen share (R4): the teacher always may, a student once the teacher allows it
 * (`can_share_screen`). The track is produced on the send transport (its own producer);
 * SetMediaStateRequest{screen_on} tells the others.
 */

export const screenTrack = signal<MediaStreamTrack | null>(null);
export const screenBusy = signal(false);
export const screenSharing = computed(() => screenTrack.value !== null);
export const screenSupported = signal(screenShareSupported());

/** Where a screen track comes from: the browser's picker (tests pass their own). */
let openScreenTrack: () => Promise<MediaStreamTrack> = openScreen;

export function setScreenSource(open: (() => Promise<MediaStreamTrack>) | null): void {
  openScreenTrack = open ?? openScreen;
}

/** Whether the share button is offered: the browser can, and the role or the teacher allows it. */
export const mayShareScreen = computed(() => screenSupported.value && (selfRole.value === 'teacher' || self.value?.canShareScreen === true));

export async function startScreenShare(): Promise<void> {
  if (screenBusy.value || screenTrack.value || !mayShareScreen.value) return;
  screenBusy.value = true;
  let track: MediaStreamTrack | null = null;
  try {
    track = await openScreenTrack();
  } catch (error) {
    // Cancelling the browser's picker is not an error worth a message.
    if (classifyMediaError(error) !== 'denied') showNotice(t('screen.failed'));
    log.info('no screen to share', error);
    screenBusy.value = false;
    return;
  }
  const shared = track;
  // The browser's own "Stop sharing" bar ends the track.
  shared.onended = () => screenTrack.value === shared && void stopScreenShare();
  screenTrack.value = shared;
  try {
    await selfMediaSink()?.screenChanged(shared);
    selfMediaSink()?.mediaStateChanged();
  } catch (error) {
    log.warn('screen share refused', error);
    showNotice(t('screen.refused', { message: describeError(error) }), 6000);
    release(shared);
  } finally {
    screenBusy.value = false;
  }
}

/** Stops our share: the user's choice, the teacher's ForcedMediaOff, or a revoked permission. */
export async function stopScreenShare(why: 'user' | 'forced' | 'revoked' = 'user'): Promise<void> {
  const track = screenTrack.value;
  if (!track) return;
  release(track);
  if (why === 'forced') showNotice(t('screen.forcedOff'));
  if (why === 'revoked') showNotice(t('screen.revoked'));
  try {
    await selfMediaSink()?.screenChanged(null);
  } catch (error) {
    log.info('screen unpublish failed (the next publish drops it)', error);
  }
  selfMediaSink()?.mediaStateChanged();
}

export function toggleScreenShare(): Promise<void> {
  return screenTrack.value ? stopScreenShare() : startScreenShare();
}

function release(track: MediaStreamTrack): void {
  track.onended = null;
  track.stop();
  if (screenTrack.value === track) screenTrack.value = null;
}

/** Leaving the lesson: the share ends with it. */
export function resetScreenShare(): void {
  const track = screenTrack.value;
  batch(() => {
    screenTrack.value = null;
    screenBusy.value = false;
  });
  if (track) {
    track.onended = null;
    track.stop();
  }
}

export const screenSharePart: LessonPart = {
  name: 'screenShare',
  /** A student is told when the teacher gives or takes the permission; taking it stops the share. */
  selfChanged: (before, after) => {
    if (selfRole.value !== 'student' || before.canShareScreen === after.canShareScreen) return;
    if (!after.canShareScreen && screenSharing.value) void stopScreenShare('revoked');
    else showNotice(t(after.canShareScreen ? 'screen.allowed' : 'screen.disallowed'));
  },
  reset: resetScreenShare,
};
