import { enAdmin } from './enAdmin.js';
import { scoped } from './i18n.js';
import { viAdmin } from './viAdmin.js';

/** The administration page's messages; only its chunk imports this module. */
export const tAdmin = scoped({ vi: viAdmin, en: enAdmin });
