/** TEMPORARY during development: replaced by the store-backed attendance before landing. */
import type { LessonActivity } from '../../classroom/index.js';
import { UnavailableError, type Clock } from '../../platform/index.js';
import type { AttendanceSource } from '../handlers/index.js';

export class InMemoryAttendance implements AttendanceSource {
  readonly #events: LessonActivity[] = [];
  constructor(_clock: Clock) {}
  record(a: LessonActivity): void {
    this.#events.push(a);
  }
  async report(): Promise<never> {
    throw new UnavailableError('Attendance is not available yet');
  }
}
