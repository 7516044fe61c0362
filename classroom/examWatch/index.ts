/** Exams run inside a live lesson: the students' notice and the teacher's flags beside the cameras (issue 7). */
export { ExamWatch, EXAM_WATCH, examWatchFeature, type ExamWatchEvent, type ExamWatchPort, type ExamWatchState } from './ExamWatch.js';
