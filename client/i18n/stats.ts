import { enStats } from './enStats.js';
import { scoped } from './i18n.js';
import { viStats } from './viStats.js';

/** The statistics page's messages; only its chunk imports this module. */
export const tStats = scoped({ vi: viStats, en: enStats });
export type StatsKey = keyof typeof viStats;
