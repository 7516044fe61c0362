import { useEffect, useState } from 'preact/hooks';
import { tArchive } from '../../i18n/archive.js';
import { formatDateTime } from '../../i18n/i18n.js';
import { parseArchiveSettings, parseRetentionDone, parseRetentionPlan, type ArchiveSettingsJson, type RetentionPlanJson } from '../../net/archiveApi.js';
import { api, describeApiError } from '../../state/api.js';

/**
 * The school's retention and automatic recording (R17), and retention's dry run: the admin
 * sees what would be deleted, then deletes exactly those items on confirmation (the server
 * skips any that were put on hold in between).
 */
export function RetentionSettings() {
  const [settings, setSettings] = useState<ArchiveSettingsJson | null>(null);
  const [plan, setPlan] = useState<RetentionPlanJson | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api()
      .get('/api/archive/settings', parseArchiveSettings)
      .then(setSettings)
      .catch((e: unknown) => setError(describeApiError(e)));
  }, []);
  const run = async (fn: () => Promise<void>) => {
    setError(null);
    setMessage(null);
    try {
      await fn();
    } catch (e) {
      setError(describeApiError(e));
    }
  };
  const save = (e: Event) => {
    e.preventDefault();
    if (settings) void run(async () => (setSettings(await api().put('/api/archive/settings', settings, parseArchiveSettings)), setMessage(tArchive('retention.saved'))));
  };
  const preview = () => void run(async () => setPlan(await api().get('/api/archive/retention', parseRetentionPlan)));
  const confirm = () =>
    void run(async () => {
      if (!plan) return;
      const done = await api().post('/api/archive/retention', { recordingIds: plan.recordings.map((r) => r.id), lessonIds: plan.lessons.map((l) => l.lessonId) }, parseRetentionDone);
      setPlan(null);
      setMessage(tArchive('retention.done', { recordings: done.recordings, lessons: done.lessons }));
    });
  const days = (name: 'recordingRetentionDays' | 'lessonDataRetentionDays') => (e: Event) => settings && setSettings({ ...settings, [name]: Number((e.target as HTMLInputElement).value) });
  const empty = plan !== null && plan.recordings.length === 0 && plan.lessons.length === 0;
  return (
    <section class="card card--wide" id="retention" data-testid="retention-settings">
      <h2 class="section__title">{tArchive('retention.heading')}</h2>
      <p class="muted">{tArchive('retention.hint')}</p>
      {error && <p class="alert alert--error">{error}</p>}
      {message && <p class="alert" data-testid="retention-message">{message}</p>}
      {settings && (
        <form class="inline-form" onSubmit={save}>
          <label class="field">
            <span class="field__label">{tArchive('retention.recordings')}</span>
            <input class="field__input" type="number" min={0} max={10980} step={1} value={settings.recordingRetentionDays} onInput={days('recordingRetentionDays')} data-testid="retention-recordings" />
          </label>
          <label class="field">
            <span class="field__label">{tArchive('retention.lessonData')}</span>
            <input class="field__input" type="number" min={0} max={10980} step={1} value={settings.lessonDataRetentionDays} onInput={days('lessonDataRetentionDays')} data-testid="retention-lesson-data" />
          </label>
          <label class="field field--inline">
            <input type="checkbox" checked={settings.autoRecord} onChange={(e) => setSettings({ ...settings, autoRecord: (e.target as HTMLInputElement).checked })} data-testid="retention-auto-record" />{' '}
            {tArchive('retention.autoRecord')}
          </label>
          <button type="submit" class="button button--primary" data-testid="retention-save">
            {tArchive('retention.save')}
          </button>
        </form>
      )}
      <button type="button" class="button button--ghost" onClick={preview} data-testid="retention-preview">
        {tArchive('retention.preview')}
      </button>
      {empty && <p class="muted">{tArchive('retention.nothing')}</p>}
      {plan && !empty && (
        <div data-testid="retention-plan">
          <p>{tArchive('retention.plan', { recordings: plan.recordings.length, lessons: plan.lessons.length })}</p>
          <ul class="plain-list">
            {plan.recordings.map((r) => (
              <li key={r.id}>{tArchive('retention.recording', { time: formatDateTime(r.startedAt) })}</li>
            ))}
            {plan.lessons.map((l) => (
              <li key={l.lessonId}>{tArchive('retention.lesson', { title: l.title, time: formatDateTime(l.scheduledStart) })}</li>
            ))}
          </ul>
          <button type="button" class="button button--danger" onClick={confirm} data-testid="retention-confirm">
            {tArchive('retention.confirm')}
          </button>
        </div>
      )}
    </section>
  );
}
