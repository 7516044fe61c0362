/** The blob store: the interface, the disk implementation (the contract suite is in contract/). */
export type { BlobStore, BlobInfo, BlobRead, BlobSource, ByteRange, PutBlobOptions } from './BlobStoreTypes.js';
export { BLOB_AREA_RE, BLOB_KEY_RE } from './BlobStoreTypes.js';
export { DiskBlobStore, type DiskBlobStoreOptions } from './DiskBlobStore.js';
