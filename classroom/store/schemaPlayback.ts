/**
 * Playback and archive progress (issue 9), one migration of classroom/store/schema.ts:
 * - `recording_chat`: the chat messages of the main room sent while a lesson was recorded, kept
 *   with that recording (the same access, retention and hold as its video; deleted by a student's
 *   erasure, R21; students are told at join that the lesson is recorded). Outside a recording the
 *   server still keeps no chat text, only that a message was sent (attendance_events);
 * - the bytes an archive bundle has zipped, its total and the time left, so the page shows them.
 */
export const MIGRATION_PLAYBACK = `
CREATE TABLE recording_chat (
  id {{ID}},
  recording_id TEXT NOT NULL REFERENCES recordings(id),
  user_id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  text TEXT NOT NULL,
  sent_at BIGINT NOT NULL
);
CREATE INDEX recording_chat_recording ON recording_chat (recording_id, sent_at);
CREATE INDEX recording_chat_user ON recording_chat (user_id);

ALTER TABLE archive_jobs ADD COLUMN done_bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE archive_jobs ADD COLUMN total_bytes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE archive_jobs ADD COLUMN eta_ms BIGINT;
`;
