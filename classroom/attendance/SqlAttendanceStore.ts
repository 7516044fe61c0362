import type { Queryable, Row, SqlParam } from '../store/index.js';
import { atomically, placeholderList } from '../store/index.js';
import type { AttendanceStore, LeaveReason, ParticipationEvent, ParticipationKind, StoredParticipationEvent } from './AttendanceTypes.js';
import { validateParticipationEvent } from './validateEvent.js';

export const EVENT_COLUMNS = 'seq, lesson_id, user_id, kind, reason, at';
const INSERT = 'INSERT INTO attendance_events (lesson_id, user_id, kind, reason, at) VALUES ';
/** Rows per INSERT statement in appendMany (5 parameters each: far below both engines' limits). */
const BATCH_ROWS = 200;

export class SqlAttendanceStore implements AttendanceStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async append(event: ParticipationEvent): Promise<void> {
    await this.appendMany([event]);
  }

  async appendMany(events: readonly ParticipationEvent[]): Promise<void> {
    events.forEach(validateParticipationEvent);
    if (events.length === 0) return;
    await atomically(this.#q, async (tx) => {
      for (let i = 0; i < events.length; i += BATCH_ROWS) {
        const chunk = events.slice(i, i + BATCH_ROWS);
        await tx.run(INSERT + chunk.map(() => '(?, ?, ?, ?, ?)').join(', '), chunk.flatMap(params));
      }
      // A lesson's presence summary (classroom/statistics) no longer covers its events: dropped in
      // the same transaction, so the statistics never read it stale (they fold the events until the
      // summary is made again). A no-op while the lesson runs: it has no summary yet.
      const lessons = [...new Set(events.map((e) => e.lessonId))];
      for (let i = 0; i < lessons.length; i += BATCH_ROWS) {
        const chunk = lessons.slice(i, i + BATCH_ROWS);
        await tx.run(`DELETE FROM lesson_presence_summaries WHERE lesson_id IN (${placeholderList(chunk.length)})`, chunk);
      }
    });
  }

  async eventsForLesson(lessonId: string): Promise<StoredParticipationEvent[]> {
    const rows = await this.#q.all(`SELECT ${EVENT_COLUMNS} FROM attendance_events WHERE lesson_id = ? ORDER BY at, seq`, [lessonId]);
    return rows.map(toEvent);
  }
}

function params(e: ParticipationEvent): SqlParam[] {
  return [e.lessonId, e.userId, e.kind, e.kind === 'leave' ? e.reason : null, e.at];
}

export function toEvent(r: Row): StoredParticipationEvent {
  const base = { seq: Number(r.seq), lessonId: String(r.lesson_id), userId: String(r.user_id), at: Number(r.at) };
  const kind = String(r.kind) as ParticipationKind;
  if (kind === 'leave') return { ...base, kind, reason: String(r.reason) as LeaveReason };
  return { ...base, kind };
}
