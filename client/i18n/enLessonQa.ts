import type { viLessonQa } from './viLessonQa.js';

/** English for viLessonQa.ts; typed against its keys. */
export const enLessonQa: Record<keyof typeof viLessonQa, string> = {
  'controls.questions': 'Questions',
  'qa.title': 'Questions in the lesson',
  'qa.placeholder': 'I would like to ask…',
  'qa.ask': 'Ask',
  'qa.hidden': 'Teacher only',
  'qa.hiddenBadge': 'Teacher only',
  'qa.empty': 'No questions yet.',
  'qa.upvote': 'Me too ({count})',
  'qa.markAnswered': 'Answered',
  'qa.answered': 'Answered',
  'controls.handout': 'Materials',
  'handout.title': 'Hand out a material',
  'handout.none': 'No approved materials for this subject yet.',
  'handout.give': 'Hand out',
  'handout.opened': 'Your teacher handed out: {title}',
  'handout.close': 'Close',
  'handout.download': 'Download',
  'handout.openPage': 'Open the material',
};
