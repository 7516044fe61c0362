/** Roster import from CSV (R18). */
export type * from './RosterTypes.js';
export { RosterImport, type RosterImportDeps } from './RosterImport.js';
