/** recorder: server-side recording sessions (interface only for now; see RecorderTypes.ts). */
export type * from './RecorderTypes.js';
