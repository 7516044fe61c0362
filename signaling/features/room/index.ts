/**
 * The live room's own requests: joining and leaving, chat, the teacher's supervision, the
 * attendance report. Their codec is the core of signaling/codec; live features are slices.
 */
import type { HandlerTable } from '../context.js';
import type { CoreRequest } from '../../codec/messages.js';
import * as chat from './chat.js';
import { join, leave } from './join.js';
import * as supervision from './supervision.js';

export const roomHandlers = { join, leave, ...chat, ...supervision } satisfies Partial<HandlerTable<CoreRequest>>;
