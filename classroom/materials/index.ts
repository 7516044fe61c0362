/** Learning materials: the library, its approval (art. 7.3), classes' materials and their use (R9, R12). */
export type * from './MaterialTypes.js';
export { MATERIAL_CONTENT_KINDS } from './MaterialTypes.js';
export { MaterialLibrary, DEFAULT_MATERIAL_LIMITS, type MaterialDetail, type MaterialLimits, type NewMaterial, type ReviewDecision } from './MaterialLibrary.js';
export { MaterialAccess, type ClassMaterial, type UsageRow, type ViewProgress } from './MaterialAccess.js';
export { MATERIAL_LIMITS, checkLink, type ContentInput } from './content.js';
export { SqlMaterialStore, SqlMaterialUsageStore } from './SqlMaterialStore.js';
export { LiveHandout, HANDOUT, handoutFeature, type HandedOut, type HandoutEvent, type HandoutPort } from './LiveHandout.js';
