import type { ExamWatchEvent } from '../../../classroom/index.js';
import type { PushTable } from '../SliceTypes.js';
import type { ExamWatchBody } from './codec.js';

/** LessonExamsUpdated to everyone; LessonExamRowUpdated to the lesson's teachers (ExamWatch chooses). */
export const pushes: PushTable<ExamWatchEvent, ExamWatchBody> = {
  lessonExamsUpdated: (e) => ({ type: 'lessonExamsUpdated', exams: e.exams }),
  lessonExamRow: (e) => ({ type: 'lessonExamRow', row: e.row, flag: e.flag }),
};
