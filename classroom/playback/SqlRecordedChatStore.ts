import type { Queryable, Row } from '../store/index.js';
import type { RecordedChatMessage, RecordedChatStore } from './PlaybackTypes.js';

const COLUMNS = 'recording_id, user_id, display_name, text, sent_at';

function toMessage(r: Row): RecordedChatMessage {
  return { recordingId: String(r.recording_id), userId: String(r.user_id), displayName: String(r.display_name), text: String(r.text), sentAt: Number(r.sent_at) };
}

/** classroom/store/schemaPlayback.ts `recording_chat`; `id` keeps the order of messages of one millisecond. */
export class SqlRecordedChatStore implements RecordedChatStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async add(m: RecordedChatMessage): Promise<void> {
    await this.#q.run(`INSERT INTO recording_chat (${COLUMNS}) VALUES (?, ?, ?, ?, ?)`, [m.recordingId, m.userId, m.displayName, m.text, m.sentAt]);
  }

  async ofRecording(recordingId: string): Promise<RecordedChatMessage[]> {
    return (await this.#q.all(`SELECT ${COLUMNS} FROM recording_chat WHERE recording_id = ? ORDER BY sent_at, id`, [recordingId])).map(toMessage);
  }

  async ofUser(userId: string): Promise<RecordedChatMessage[]> {
    return (await this.#q.all(`SELECT ${COLUMNS} FROM recording_chat WHERE user_id = ? ORDER BY sent_at, id`, [userId])).map(toMessage);
  }
}
