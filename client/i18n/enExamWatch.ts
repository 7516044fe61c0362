import type { viExamWatch } from './viExamWatch.js';

/** English for viExamWatch.ts; typed against its keys. */
export const enExamWatch: Record<keyof typeof viExamWatch, string> = {
  'examWatch.notStarted': 'Not started',
  'examWatch.inProgress': 'In progress {answered}/{total}',
  'examWatch.submitted': 'Submitted',
  'examWatch.closed': 'Time up',
  'examWatch.flags': '{count} flags',
  'examWatch.flag.page_hidden': 'Left the page',
  'examWatch.flag.blur': 'Switched window',
  'examWatch.flag.fullscreen_exit': 'Left fullscreen',
  'examWatch.flag.copy': 'Copied',
  'examWatch.flag.paste': 'Pasted',
  'examWatch.flag.second_session': 'Second device/tab',
  'examWatch.flag.ip_change': 'IP address changed',
  'examWatch.summary': '{title}: {inProgress} in progress · {submitted} submitted · {flagged} flagged',
  'examWatch.stripLabel': 'Exam in this lesson',
  'examWatch.banner': 'Exam in this lesson: {title}',
  'examWatch.open': 'Take the exam',
  'examWatch.back': 'Back to the lesson (the clock keeps running)',
  'examWatch.watched': 'Your teacher sees your camera and any flags while you work.',
};
