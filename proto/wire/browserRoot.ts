/**
 * What the client's build and tests get for `proto/gen/classroom.js` (see client/vite.config.ts
 * and vitest.config.ts): the same `classroom` namespace, classes and enums, built from the field
 * table by the table codec instead of ~257 kB of generated functions (issue 10).
 */
import table from '../gen/classroomTable.js';
import type { classroom as Generated } from '../gen/classroom.js';
import { buildRoot } from './tableCodec.js';

export const classroom = buildRoot(table)['classroom'] as typeof Generated;
