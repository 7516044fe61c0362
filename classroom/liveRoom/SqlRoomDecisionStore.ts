import { atomically, flag, placeholderList, type Queryable } from '../store/index.js';
import type { RoomDecision, RoomDecisions, RoomDecisionStore } from './RoomDecisionTypes.js';

/** Columns of live_room_people that a decision sets, one per kind of per-person decision. */
const PERSON_COLUMN = { removed: 'removed', admission: 'admitted', screenShare: 'can_share_screen' } as const;

/**
 * The decisions in two tables: the settings of each lesson (one row), and per lesson and user a
 * row of flags. Each decision is one upsert: the last decision on a flag is the one in force.
 */
export class SqlRoomDecisionStore implements RoomDecisionStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async load(lessonId: string): Promise<RoomDecisions> {
    const [settings, people] = await Promise.all([
      this.#q.one('SELECT locked, auto_admit, students_can_unmute FROM live_room_settings WHERE lesson_id = ?', [lessonId]),
      this.#q.all('SELECT user_id, removed, admitted, can_share_screen FROM live_room_people WHERE lesson_id = ? ORDER BY user_id', [lessonId]),
    ]);
    const having = (column: string) => people.filter((r) => flag(r[column])).map((r) => String(r.user_id));
    return {
      settings: settings && { locked: flag(settings.locked), autoAdmit: flag(settings.auto_admit), studentsCanUnmute: flag(settings.students_can_unmute) },
      removedUsers: having('removed'),
      admittedUsers: having('admitted'),
      screenSharers: having('can_share_screen'),
    };
  }

  async record(lessonId: string, d: RoomDecision, atMs: number): Promise<void> {
    switch (d.kind) {
      case 'settings': {
        const s = d.settings;
        await this.#q.run(
          `INSERT INTO live_room_settings (lesson_id, locked, auto_admit, students_can_unmute, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (lesson_id) DO UPDATE SET locked = excluded.locked, auto_admit = excluded.auto_admit,
             students_can_unmute = excluded.students_can_unmute, updated_at = excluded.updated_at`,
          [lessonId, Number(s.locked), Number(s.autoAdmit), Number(s.studentsCanUnmute), atMs],
        );
        return;
      }
      case 'removed':
        return this.#setFlag(lessonId, [d.userId], PERSON_COLUMN.removed, true, atMs);
      case 'admission':
        return this.#setFlag(lessonId, d.userIds, PERSON_COLUMN.admission, d.admitted, atMs);
      case 'screenShare':
        return this.#setFlag(lessonId, [d.userId], PERSON_COLUMN.screenShare, d.allowed, atMs);
    }
  }

  async #setFlag(lessonId: string, userIds: string[], column: string, value: boolean, atMs: number): Promise<void> {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return;
    // Absent rows are created with every flag off; then the one flag is set. One transaction, so
    // that admitting a whole lobby is stored entirely or not at all.
    await atomically(this.#q, async (tx) => {
      await tx.run(
        `INSERT INTO live_room_people (lesson_id, user_id, removed, admitted, can_share_screen, updated_at)
         VALUES ${unique.map(() => '(?, ?, 0, 0, 0, ?)').join(', ')} ON CONFLICT (lesson_id, user_id) DO NOTHING`,
        unique.flatMap((u) => [lessonId, u, atMs]),
      );
      await tx.run(`UPDATE live_room_people SET ${column} = ?, updated_at = ? WHERE lesson_id = ? AND user_id IN (${placeholderList(unique.length)})`, [
        Number(value),
        atMs,
        lessonId,
        ...unique,
      ]);
    });
  }
}
