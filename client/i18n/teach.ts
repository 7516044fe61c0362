import { enTeach } from './enTeach.js';
import { scoped } from './i18n.js';
import { viTeach } from './viTeach.js';

/** The "Dạy học" page's messages; only its chunk imports this module. */
export const tTeach = scoped({ vi: viTeach, en: enTeach });
