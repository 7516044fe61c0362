/** Who may do what inside a live lesson; the checks the room runs before every change. */
import { NotAuthorizedError, ValidationError } from '../../platform/index.js';
import type { LessonRole } from './LiveRoomTypes.js';

export const LIMITS = {
  displayName: 64,
  chatText: 1000,
  reason: 200,
} as const;

export function requireTeacher(actor: { role: LessonRole }, what: string): void {
  if (actor.role !== 'teacher') throw new NotAuthorizedError(`Only the teacher can ${what}`);
}

/** Trims and checks a user-supplied text; `min` 0 allows empty. */
export function cleanText(value: string, field: string, max: number, min = 1): string {
  const text = value.normalize('NFC').trim();
  if (text.length < min) throw new ValidationError(`${field} must not be empty`);
  if ([...text].length > max) throw new ValidationError(`${field} is longer than ${max} characters`);
  return text;
}
