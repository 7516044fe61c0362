/** Playback of recorded lessons (issue 9): the timeline of a recording and the chat kept with it. */
export type * from './PlaybackTypes.js';
export { PlaybackTimeline, type PlaybackSources } from './PlaybackTimeline.js';
export { SqlRecordedChatStore } from './SqlRecordedChatStore.js';
