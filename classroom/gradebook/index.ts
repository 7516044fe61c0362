/** The gradebook of Circular 22/2021 (R14, R15): formulas, cells, change log, files, a student's results. */
export type { GradebookEntry, GradebookKey, GradebookStore, ScoreChange, SubjectAssessment, Term } from './GradebookTypes.js';
export { REGULAR_SLOTS, regularCountForPeriods, slotsFor, termAverage, termVerdict, yearAverage, yearVerdict, type SubjectAssessmentMode, type Slot, type Verdict } from './circular22.js';
export { MAX_TENTHS, formatScore, parseScore, roundHalfUp, tenthsToNumber } from './scores.js';
export { SqlGradebookStore } from './SqlGradebookStore.js';
export { GradebookService, DEFAULT_ASSESSMENT, cellText, checkKey, formatVerdict, parseVerdict, schoolYearOf, schoolYearRange, type Combine, type GradebookRow, type GradebookView } from './GradebookService.js';
export { StudentResults, type StudentResultsView, type SubjectResult } from './StudentResults.js';
export { NO_RESULTS, resultSourceFrom, score10ToTenths, type ResultItem, type ResultSource, type ResultsPeriod, type StudentResultScore } from './ResultSource.js';
export { gradebookCsv, gradebookXlsx, planImport, SLOT_HEADERS, type GradebookTitle, type GradebookImportIssue, type ImportPlan } from './gradebookFiles.js';
