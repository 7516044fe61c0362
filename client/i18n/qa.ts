import { enQa } from './enQa.js';
import { scoped } from './i18n.js';
import { viQa } from './viQa.js';

/** The class Q&A page's messages; only its chunk imports this module. */
export const tQa = scoped({ vi: viQa, en: enQa });
export type QaKey = keyof typeof viQa;
