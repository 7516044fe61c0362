/** What parents follow of their children (R19, R20), class announcements, and parent accounts from CSV. */
export type * from './ParentTypes.js';
export { ParentService, type ParentServiceOptions } from './ParentService.js';
export { ParentImport, type ParentImportOptions } from './ParentImport.js';
export { SqlParentStore } from './SqlParentStore.js';
