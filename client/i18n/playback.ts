import { enPlayback } from './enPlayback.js';
import { scoped } from './i18n.js';
import { viPlayback } from './viPlayback.js';

/** The playback page's messages; only its chunk imports this module. */
export const tPlayback = scoped({ vi: viPlayback, en: enPlayback });
