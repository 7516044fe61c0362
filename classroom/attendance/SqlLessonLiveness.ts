import type { Queryable, Row } from '../store/index.js';
import type { LessonLiveness, LessonLivenessStore } from './AttendanceTypes.js';

export class SqlLessonLiveness implements LessonLivenessStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async lock(lessonId: string): Promise<LessonLiveness | undefined> {
    // An UPDATE that changes nothing: on PostgreSQL it locks the row until commit (a plain SELECT
    // would not), so two nodes never close the same presences twice.
    const r = await this.#q.one('UPDATE lesson_liveness SET alive_at = alive_at WHERE lesson_id = ? RETURNING lesson_id, node_id, alive_at', [lessonId]);
    return r && toRecord(r);
  }

  async put(r: LessonLiveness): Promise<void> {
    await this.#q.run(
      `INSERT INTO lesson_liveness (lesson_id, node_id, alive_at) VALUES (?, ?, ?)
       ON CONFLICT (lesson_id) DO UPDATE SET node_id = excluded.node_id, alive_at = excluded.alive_at`,
      [r.lessonId, r.nodeId, r.aliveAt],
    );
  }

  async markAlive(nodeId: string, at: number): Promise<void> {
    await this.#q.run('UPDATE lesson_liveness SET alive_at = ? WHERE node_id = ?', [at, nodeId]);
  }

  async staleSince(before: number): Promise<LessonLiveness[]> {
    return (await this.#q.all('SELECT lesson_id, node_id, alive_at FROM lesson_liveness WHERE alive_at < ? ORDER BY alive_at', [before])).map(toRecord);
  }

  async remove(lessonId: string, nodeId: string): Promise<void> {
    await this.#q.run('DELETE FROM lesson_liveness WHERE lesson_id = ? AND node_id = ?', [lessonId, nodeId]);
  }
}

function toRecord(r: Row): LessonLiveness {
  return { lessonId: String(r.lesson_id), nodeId: String(r.node_id), aliveAt: Number(r.alive_at) };
}
