import { useEffect, useState } from 'preact/hooks';
import { tParents } from '../../i18n/parents.js';
import { sendAnnouncement } from '../../state/parents.js';
import { assignments, loadAssignments } from '../../state/teach.js';

/** A teacher writes to one of their classes: its students and their parents read it (R19, R20). */
export function AnnouncementForm() {
  useEffect(() => {
    if (assignments.value.length === 0) void loadAssignments();
  }, []);
  const classes = [...new Map(assignments.value.map((a) => [a.classId, a.className])).entries()];
  const [classId, setClassId] = useState('');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const chosen = classId || classes[0]?.[0] || '';
  if (classes.length === 0) return null;
  return (
    <form
      class="card"
      data-testid="announce-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await sendAnnouncement(chosen, title, body);
        if (r.ok) {
          setTitle('');
          setBody('');
          setMessage({ ok: true, text: tParents('announce.sent', { name: classes.find(([id]) => id === chosen)?.[1] ?? '' }) });
        } else setMessage({ ok: false, text: r.error });
      }}
    >
      <h2 class="section__title">{tParents('announce.heading')}</h2>
      <label class="field">
        <span class="field__label">{tParents('announce.class')}</span>
        <select class="field__input" value={chosen} onChange={(e) => setClassId((e.target as HTMLSelectElement).value)} data-testid="announce-class">
          {classes.map(([id, name]) => (
            <option key={id} value={id}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span class="field__label">{tParents('announce.title')}</span>
        <input class="field__input" maxLength={200} required value={title} onInput={(e) => setTitle((e.target as HTMLInputElement).value)} data-testid="announce-title" />
      </label>
      <label class="field">
        <span class="field__label">{tParents('announce.body')}</span>
        <textarea class="field__input" maxLength={4000} rows={3} required value={body} onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)} data-testid="announce-body" />
      </label>
      <p class="form__actions">
        <button type="submit" class="button button--primary" data-testid="announce-send">
          {tParents('announce.send')}
        </button>
      </p>
      {message && (
        <p class={message.ok ? 'alert' : 'alert alert--error'} role="status" data-testid="announce-result">
          {message.text}
        </p>
      )}
    </form>
  );
}
