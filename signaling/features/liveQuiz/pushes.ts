import type { LiveQuizEvent } from '../../../classroom/index.js';
import type { PushTable } from '../SliceTypes.js';
import type { LiveQuizBody } from './codec.js';

/** Each event is its body: the domain already chose the audience and what it may see. */
export const pushes: PushTable<LiveQuizEvent, LiveQuizBody> = {
  liveQuizOpened: (e) => e,
  liveQuizTeacherView: (e) => e,
  liveQuizTally: (e) => e,
  liveQuizClosed: (e) => e,
  liveQuizRevealed: (e) => e,
  liveQuizMyResult: (e) => e,
  liveQuizEnded: (e) => e,
};
