/** Durable storage: the SQL interface over SQLite and PostgreSQL, migrations, and the factory. */
export type { Database, Engine, Queryable, Row, SqlParam, ConstraintKind } from './DatabaseTypes.js';
export { ConstraintViolationError, isUniqueViolation } from './DatabaseTypes.js';
export { SqliteDatabase, type SqliteOptions } from './SqliteDatabase.js';
export { PostgresDatabase, type PostgresOptions } from './PostgresDatabase.js';
export { migrate, schemaVersion, MigrationError, type Migration } from './migrations.js';
export { MIGRATIONS } from './schema.js';
export { openStorage, storageOver, type OpenStorageOptions, type StorageOverOptions } from './openStorage.js';
export { storageConfigSchema, type Storage, type StoreSet, type StorageConfig, type StorageConfigInput } from './StorageTypes.js';
/** SQL helpers for the stores of each feature (classroom/<feature>/Sql*.ts). */
export { atomically, placeholderList, flag, optionalNumber, optionalString, uniqueAs } from './queryable.js';
export { GroupCommit, type GroupCommitOptions } from './GroupCommit.js';
