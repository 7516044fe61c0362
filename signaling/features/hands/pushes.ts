import type { HandsEvent } from '../../../classroom/index.js';
import type { PushTable } from '../SliceTypes.js';
import type { HandsBody } from './codec.js';

/** HandQueueUpdated: the whole queue, oldest first. */
export const pushes: PushTable<HandsEvent, HandsBody> = {
  handQueueChanged: (e) => ({ type: 'handQueue', entries: e.entries }),
};
