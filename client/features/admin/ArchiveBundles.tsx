import { useEffect, useState } from 'preact/hooks';
import { tArchive } from '../../i18n/archive.js';
import { formatDay, formatDuration } from '../../i18n/i18n.js';
import { parseBundle, parseBundleList, parseNothing, type BundleListJson, type BundleViewJson } from '../../net/archiveApi.js';
import { api, describeApiError } from '../../state/api.js';

const POLL_MS = 2000;
/** Midnight of a school day (UTC+7, no daylight saving in Vietnam). */
const dayStart = (date: string) => Date.parse(`${date}T00:00:00+07:00`);
const mb = (bytes: number | null) => `${((bytes ?? 0) / 1024 / 1024).toFixed(1)} MB`;

/**
 * Archive bundles of a class and period (R17): the admin or the principal asks for one, sees it
 * built in the background with its progress by bytes and the time left (polled while any is
 * unfinished), downloads the zip (the link answers Range: a broken download resumes) or builds a
 * failed one again. The classes to choose from come with the list (the principal has no admin page).
 */
export function ArchiveBundles() {
  const [bundles, setBundles] = useState<BundleViewJson[] | null>(null);
  const [classes, setClasses] = useState<BundleListJson['classes']>([]);
  const [form, setForm] = useState({ classId: '', from: '', to: '', label: '' });
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    api()
      .get('/api/archive/bundles', parseBundleList)
      .then((r) => {
        setBundles(r.bundles);
        setClasses(r.classes);
      })
      .catch((e: unknown) => setError(describeApiError(e)));
  useEffect(() => {
    void load();
  }, []);
  const busy = bundles?.some((b) => b.state === 'queued' || b.state === 'running') ?? false;
  useEffect(() => {
    if (!busy) return undefined;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [busy]);
  const build = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const body = { classId: form.classId, from: dayStart(form.from), to: dayStart(form.to) + 86_400_000, label: form.label };
      const { bundle } = await api().post('/api/archive/bundles', body, parseBundle);
      setBundles((list) => [bundle, ...(list ?? [])]);
    } catch (err) {
      setError(describeApiError(err));
    }
  };
  const retry = async (id: string) => {
    try {
      await api().post(`/api/archive/bundles/${id}/retry`, {}, parseNothing);
      await load();
    } catch (err) {
      setError(describeApiError(err));
    }
  };
  const field = (name: keyof typeof form) => (e: Event) => setForm({ ...form, [name]: (e.target as HTMLInputElement).value });
  return (
    <section class="card card--wide" id="archive" data-testid="archive-bundles">
      <h2 class="section__title">{tArchive('archive.heading')}</h2>
      <p class="muted">{tArchive('archive.hint')}</p>
      {error && <p class="alert alert--error">{error}</p>}
      <form class="inline-form" onSubmit={(e) => void build(e)}>
        <label class="field">
          <span class="field__label">{tArchive('archive.class')}</span>
          <select class="field__input" required value={form.classId} onChange={field('classId')} data-testid="archive-class">
            <option value="" />
            {classes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field__label">{tArchive('archive.from')}</span>
          <input class="field__input" type="date" required value={form.from} onInput={field('from')} data-testid="archive-from" />
        </label>
        <label class="field">
          <span class="field__label">{tArchive('archive.to')}</span>
          <input class="field__input" type="date" required value={form.to} onInput={field('to')} data-testid="archive-to" />
        </label>
        <label class="field">
          <span class="field__label">{tArchive('archive.label')}</span>
          <input class="field__input" maxLength={120} value={form.label} onInput={field('label')} data-testid="archive-label" />
        </label>
        <button type="submit" class="button button--primary" data-testid="archive-build">
          {tArchive('archive.build')}
        </button>
      </form>
      {bundles?.length === 0 && <p class="muted">{tArchive('archive.none')}</p>}
      <ul class="plain-list">
        {bundles?.map((b) => (
          <li key={b.id} data-testid="archive-bundle" data-state={b.state}>
            <strong>{b.className}</strong> {b.label} <span class="muted">{tArchive('archive.period', { from: formatDay(b.from), to: formatDay(b.to - 1) })}</span>{' '}
            {b.state === 'running' && <progress max={1} value={b.progress} data-testid="archive-progress" />} <span data-testid="archive-state-text">{stateText(b)}</span>{' '}
            {b.state === 'done' && (
              <a class="button button--small" href={`/api/archive/bundles/${b.id}/download`} download data-testid="archive-download">
                {tArchive('archive.download')}
              </a>
            )}
            {b.state === 'failed' && (
              <button type="button" class="button button--small" onClick={() => void retry(b.id)}>
                {tArchive('archive.retry')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function stateText(b: BundleViewJson): string {
  switch (b.state) {
    case 'queued':
      return tArchive('archive.state.queued');
    case 'running': {
      const running = tArchive('archive.state.running', { percent: Math.round(b.progress * 100) });
      if (b.totalBytes === 0) return running;
      const bytes = tArchive('archive.state.bytes', { done: mb(b.doneBytes), total: mb(b.totalBytes) });
      return [running, bytes, ...(b.etaMs !== null ? [tArchive('archive.state.timeLeft', { time: formatDuration(b.etaMs) })] : [])].join(' · ');
    }
    case 'done':
      return tArchive('archive.state.done', { size: mb(b.bytes) });
    case 'failed':
      return tArchive('archive.state.failed', { error: b.error ?? '' });
  }
}
