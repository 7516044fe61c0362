/** Pure helpers of the playback page: which timeline item the video is at, and which items a filter shows. */
import type { TimelineItemJson, TimelineKindJson } from '../../net/playbackApi.js';

export type PlaybackFilter = 'all' | 'chat' | 'events';

/**
 * The index of the item the video has reached: the last one at or before `positionMs` (-1 before
 * the first). Items are sorted by offset; a binary search keeps a 45-minute lesson's hundreds of
 * items cheap at the video's 4 updates a second.
 */
export function currentIndex(items: readonly Pick<TimelineItemJson, 'offsetMs'>[], positionMs: number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid]!.offsetMs <= positionMs) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

export function shown(kind: TimelineKindJson, filter: PlaybackFilter): boolean {
  if (filter === 'all') return true;
  return filter === 'chat' ? kind === 'chat' : kind !== 'chat';
}

/**
 * Where to seek for an item: a little before it, so the moment itself is seen (a hand raised, a
 * message read out), never before the start.
 */
export function seekSeconds(item: Pick<TimelineItemJson, 'offsetMs'>, leadMs = 0): number {
  return Math.max(0, item.offsetMs - leadMs) / 1000;
}
