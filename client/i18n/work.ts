import { enWork } from './enWork.js';
import { scoped } from './i18n.js';
import { viWork } from './viWork.js';

/** The assignment, grading, gradebook and results pages' messages; only their chunk imports this module. */
export const tWork = scoped({ vi: viWork, en: enWork });
