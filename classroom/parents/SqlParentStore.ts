import type { Queryable, Row } from '../store/index.js';
import { placeholderList } from '../store/index.js';
import type { ClassAnnouncement, ParentStore, PresenceEvent } from './ParentTypes.js';

/** Class announcements (migration 11) and a child's joins and leaves (attendance_events, read-only). */
export class SqlParentStore implements ParentStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async addAnnouncement(a: ClassAnnouncement): Promise<void> {
    await this.#q.run('INSERT INTO class_announcements (id, school_id, class_id, author_id, title, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      a.id,
      a.schoolId,
      a.classId,
      a.authorId,
      a.title,
      a.body,
      a.createdAt,
    ]);
  }

  async announcementsOf(classId: string, limit: number): Promise<ClassAnnouncement[]> {
    const rows = await this.#q.all(
      'SELECT id, school_id, class_id, author_id, title, body, created_at FROM class_announcements WHERE class_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
      [classId, limit],
    );
    return rows.map(toAnnouncement);
  }

  async presenceOf(userId: string, lessonIds: readonly string[]): Promise<PresenceEvent[]> {
    if (lessonIds.length === 0) return [];
    const rows = await this.#q.all(
      `SELECT lesson_id, at, kind, reason FROM attendance_events
       WHERE lesson_id IN (${placeholderList(lessonIds.length)}) AND kind IN ('join', 'leave') AND user_id = ?
       ORDER BY lesson_id, at, seq`,
      [...lessonIds, userId],
    );
    return rows.map((r) => ({
      lessonId: String(r.lesson_id),
      at: Number(r.at),
      kind: r.kind === 'join' ? 'join' : 'leave',
      reason: r.reason === null ? null : (String(r.reason) as PresenceEvent['reason']),
    }));
  }
}

function toAnnouncement(r: Row): ClassAnnouncement {
  return {
    id: String(r.id),
    schoolId: String(r.school_id),
    classId: String(r.class_id),
    authorId: String(r.author_id),
    title: String(r.title),
    body: String(r.body),
    createdAt: Number(r.created_at),
  };
}
