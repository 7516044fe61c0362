/**
 * proto: the wire contract. The code in ./gen is generated from the .proto files by
 * proto/generate.sh (npm run gen:proto) and never edited by hand.
 */
import './numbers.js';

export { classroom } from './gen/classroom.js';

// The HTTP shapes (zod/mini) are NOT re-exported here: every student's entry chunk imports this
// file for the codec, and would then carry zod and every shape. Import them from
// proto/http/index.ts (the module table allows it as a second public surface).

/** The protocol version and the RTP vocabulary: also a surface of its own, without the generated code. */
export * from './lite/index.js';

/** HTTP shapes shared by the server routes and the client (one zod/mini schema per body). */
export * from './http/assignments.js';
export * from './http/gradebook.js';
