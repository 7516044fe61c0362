/** Files people send (resumable uploads), checked by content and kept in the blob store. */
export type { StoredFile, UploadPurpose, UploadRecord, UploadStore } from './FileTypes.js';
export { UPLOAD_PURPOSES, isStored } from './FileTypes.js';
export { SqlUploadStore, UPLOAD_COLUMNS, toUpload } from './SqlUploadStore.js';
export { UploadService, PENDING_WINDOW_MS, type BeginUpload, type UploadLimits, type UploadPolicy } from './UploadService.js';
export { sanitizeFileName, extensionOf, MAX_FILE_NAME_CHARS } from './fileNames.js';
export { SUBMISSION_KINDS, MATERIAL_KINDS, IMAGE_KINDS, SNIFF_BYTES, checkFile, checkOpeningBytes, type FileKind, type CheckedFile } from './fileKinds.js';
