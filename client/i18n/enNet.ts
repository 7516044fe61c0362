import type { viNet } from './viNet.js';

export const enNet: Record<keyof typeof viNet, string> = {
  'controls.more': 'More',
  'controls.moreClose': 'Fewer buttons',
  'saver.teacherOnlyOn': 'Teacher only',
  'saver.teacherOnlyOff': 'Show the class',
  'saver.teacherOnlyActive': "Teacher only: classmates' video is off to save data.",
  'saver.usage': '{rate}/min',
  'saver.usageTitle': 'Data this lesson uses per minute (sent and received)',
  'saver.usageUnknown': '… MB/min',
};
