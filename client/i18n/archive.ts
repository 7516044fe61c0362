import { enArchive } from './enArchive.js';
import { scoped } from './i18n.js';
import { viArchive } from './viArchive.js';

/** The archive section's messages (admin page); only its chunk imports this module. */
export const tArchive = scoped({ vi: viArchive, en: enArchive });
