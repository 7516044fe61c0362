import { enExam } from './enExam.js';
import { scoped } from './i18n.js';
import { viExam } from './viExam.js';

/** The quiz and exam pages' messages; only their chunks import this module. */
export const tExam = scoped({ vi: viExam, en: enExam });
export type ExamKey = keyof typeof viExam;

/** A message by a key made at run time (a status, an event kind), or the raw code. */
export function tExamCode(prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  return key in viExam ? tExam(key as ExamKey) : code;
}
