import type { viPlayback } from './viPlayback.js';

/** English for viPlayback.ts; typed against its keys. */
export const enPlayback: Record<keyof typeof viPlayback, string> = {
  'playback.title': 'Watch the lesson again',
  'playback.back': '← Recordings',
  'playback.timeline': 'What happened',
  'playback.download': 'Download (MP4)',
  'playback.empty': 'Nothing happened while recording.',
  'playback.loading': 'Loading…',
  'playback.seek': 'Go to {time}',
  'playback.kind.join': '{who} joined',
  'playback.kind.leave': '{who} left',
  'playback.kind.hand': '{who} raised a hand',
  'playback.kind.share_start': '{who} started sharing the screen',
  'playback.kind.share_end': '{who} stopped sharing the screen',
  'playback.kind.quiz_open': 'Quick question: {text}',
  'playback.kind.quiz_close': 'Quick question closed',
  'playback.kind.quiz_reveal': 'Answer shown',
  'playback.kind.chat': '{who}: {text}',
  'playback.filter.all': 'All',
  'playback.filter.chat': 'Chat',
  'playback.filter.events': 'Events',
  'playback.chatNote': 'Chat messages sent while recording are kept with the recording (same access and retention).',
};
