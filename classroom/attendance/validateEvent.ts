import { ValidationError } from '../../platform/index.js';
import { LEAVE_REASONS, PARTICIPATION_KINDS, type ParticipationEvent } from './AttendanceTypes.js';

const MAX_ID = 100;

/**
 * Checks an event before it is stored, so that a bug upstream is answered with an error
 * instead of a row that would make every later attendance report wrong.
 */
export function validateParticipationEvent(e: ParticipationEvent): void {
  const problems: string[] = [];
  if (typeof e.lessonId !== 'string' || e.lessonId === '' || e.lessonId.length > MAX_ID) problems.push('lessonId');
  if (typeof e.userId !== 'string' || e.userId === '' || e.userId.length > MAX_ID) problems.push('userId');
  if (!Number.isSafeInteger(e.at) || e.at < 0) problems.push('at');
  if (!PARTICIPATION_KINDS.includes(e.kind)) problems.push('kind');
  const reason = (e as { reason?: unknown }).reason;
  if (e.kind === 'leave' ? !LEAVE_REASONS.includes(reason as never) : reason !== undefined) problems.push('reason');
  if (problems.length > 0) {
    throw new ValidationError(`Invalid participation event (${problems.join(', ')})`, { details: { fields: problems } });
  }
}
