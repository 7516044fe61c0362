import { useEffect, useState } from 'preact/hooks';
import { formatDateTime, formatDuration, t } from '../../i18n/index.js';
import { parseAny, parseRecordingList, type RecordingListJson, type RecordingViewJson } from '../../net/recordingsApi.js';
import { api, describeApiError } from '../../state/api.js';
import { Link } from '../common/Link.js';

/**
 * A lesson's recordings (issue 9): the teacher and the admin see every one with its
 * post-processing progress (percent, time left), retry a failed job and publish to the class;
 * students see the published ones; the principal sees them all. "Xem" opens the playback page
 * (PlaybackPage: the video beside the lesson's timeline; the MP4 behind a signed URL that expires,
 * Range lets a phone seek, and it downloads from there).
 */
export function RecordingsPage({ lessonId }: { lessonId: string }) {
  const [list, setList] = useState<RecordingListJson | null>(null);
  const [error, setError] = useState('');

  const load = () =>
    api()
      .get(`/api/lessons/${encodeURIComponent(lessonId)}/recordings`, parseRecordingList)
      .then((l) => {
        setList(l);
        setError('');
      })
      .catch((e: unknown) => setError(describeApiError(e)));

  useEffect(() => {
    void load();
    // Progress of running jobs: looked at again every 2 s while one runs.
    const timer = setInterval(() => {
      if (list?.recordings.some((r) => r.job?.state === 'queued' || r.job?.state === 'running')) void load();
    }, 2000);
    return () => clearInterval(timer);
  }, [lessonId, list]);

  const act = (call: Promise<unknown>) => call.then(load).catch((e: unknown) => setError(describeApiError(e)));

  return (
    <main class="page" data-testid="recordings-page">
      <h1>{t('recording.pageTitle')}</h1>
      {error && (
        <p class="alert alert--error" role="alert">
          {error}
        </p>
      )}
      {list && list.recordings.length === 0 && <p class="muted">{t('recording.none')}</p>}
      <ul class="recordings-list">
        {list?.recordings.map((r) => (
          <li key={r.id} data-testid="recording-item" data-state={r.state}>
            <strong>{formatDateTime(r.startedAt)}</strong> {r.durationMs !== null && <span>· {formatDuration(r.durationMs)}</span>}
            {r.failure && <p class="muted">{t('recording.stoppedBy', { reason: failureText(r.failure) })}</p>}
            {r.job && r.job.state !== 'done' && <JobProgress job={r.job} />}
            {r.job?.state === 'failed' && list.canManage && (
              <button type="button" class="button" onClick={() => void act(api().post(`/api/recordings/${encodeURIComponent(r.id)}/retry`, {}, parseAny))} data-testid="recording-retry">
                {t('recording.retry')}
              </button>
            )}
            {r.ready && (
              <Link href={`/recordings/${encodeURIComponent(r.id)}`} class="button button--primary" testId="recording-play">
                {t('recording.play')}
              </Link>
            )}
            {list.canManage && r.ready && (
              <label>
                <input
                  type="checkbox"
                  checked={r.published}
                  onChange={(e) => void act(api().post(`/api/recordings/${encodeURIComponent(r.id)}/publish`, { published: (e.target as HTMLInputElement).checked }, parseAny))}
                  data-testid="recording-publish"
                />{' '}
                {t('recording.publish')}
              </label>
            )}
            {list.canHold && (
              <label>
                <input
                  type="checkbox"
                  checked={r.hold}
                  onChange={(e) => void act(api().put(`/api/archive/holds/recordings/${encodeURIComponent(r.id)}`, { hold: (e.target as HTMLInputElement).checked }, parseAny))}
                  data-testid="recording-hold"
                />{' '}
                {t('recording.hold')}
              </label>
            )}
          </li>
        ))}
      </ul>
    </main>
  );
}

/** The stored reasons a recording stopped (RecordingTypes.ts) in the reader's language; an unknown one as it is. */
function failureText(failure: string): string {
  if (failure === 'recorder_died' || failure === 'disk_full' || failure === 'interrupted') return t(`recording.reason.${failure}`);
  return failure;
}

function JobProgress({ job }: { job: NonNullable<RecordingViewJson['job']> }) {
  if (job.state === 'failed') {
    // The server's one expected failure (MediaJobs: a recording with no media) in the reader's language.
    const text = job.error === 'nothing playable was recorded' ? t('recording.jobEmpty') : t('recording.jobFailed', { error: job.error ?? '' });
    return <p class="alert alert--warn">{text}</p>;
  }
  if (job.state === 'queued') return <p class="muted">{t('recording.jobQueued')}</p>;
  return (
    <p>
      <progress class="recording-progress" max={1} value={job.progress} data-testid="recording-progress" /> {Math.round(job.progress * 100)}%
      {job.etaMs !== null && ` · ${t('recording.timeLeft', { time: formatDuration(job.etaMs) })}`}
    </p>
  );
}
