/**
 * proto: the wire contract. The code in ./gen is generated from the .proto files by
 * proto/generate.sh (npm run gen:proto) and never edited by hand.
 */
import './numbers.js';

export { classroom } from './gen/classroom.js';

/** HTTP shapes (zod/mini), one module per area: `assessmentHttp.createQuestionRequest`… */
export * as assessmentHttp from './http/assessment.js';

/** The protocol version this build speaks; a JoinRequest with another version is refused. */
export const PROTOCOL_VERSION = 1;
