/** Statistics of the school (R15): per grade, class, subject and teacher, computed from stored events. */
export type * from './StatisticsTypes.js';
export { DEFAULT_PRESENCE_RULES, GROUP_BYS } from './StatisticsTypes.js';
export { PERIOD_MINUTES, buildReport, emptyFigures, isHeld, periodsOf, type ReportInput } from './figures.js';
export { StatisticsService, type StatisticsQuery, type StatisticsServiceOptions } from './StatisticsService.js';
export { SqlStatisticsStore } from './SqlStatisticsStore.js';
export { statisticsTitle, statisticsXlsx, type StatisticsTitle } from './statisticsXlsx.js';
export { PresenceSummarySweep, type PresenceSummarySweepOptions } from './PresenceSummarySweep.js';
