/** Personal data of one student (R21): complete export and erasure. */
export type * from './PrivacyTypes.js';
export { StudentDataService } from './StudentDataService.js';
export { AuditLogReader, type AuditLogName, type AuditPage, type AuditQuery, type NamedAccessEntry, type NamedLoginEntry } from './AuditLogReader.js';
export { SqlPersonalDataStore } from './SqlPersonalDataStore.js';
