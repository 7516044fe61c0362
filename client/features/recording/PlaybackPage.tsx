import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDateTime, formatDuration } from '../../i18n/index.js';
import { tPlayback } from '../../i18n/playback.js';
import { parseTimeline, type TimelineItemJson, type TimelineJson } from '../../net/playbackApi.js';
import { parseMediaUrl } from '../../net/recordingsApi.js';
import { api, describeApiError } from '../../state/api.js';
import { Link } from '../common/Link.js';
import { currentIndex, seekSeconds, shown, type PlaybackFilter } from './playbackSync.js';

const SYNC_SLACK_MS = 250;

/**
 * Watching a recorded lesson again (issue 9): the video beside the lesson's timeline — joins and
 * leaves, raised hands, screen shares (the video's chapters), quick questions, and the chat kept
 * with the recording. The item the video has reached is highlighted and kept in view as it
 * plays; clicking an item seeks the video there (the media URL answers Range, so a phone seeks
 * without downloading the lesson). The server answers 404 to anyone who may not watch it.
 */
export function PlaybackPage({ recordingId }: { recordingId: string }) {
  const [timeline, setTimeline] = useState<TimelineJson | null>(null);
  const [media, setMedia] = useState<{ url: string; downloadUrl: string } | null>(null);
  const [error, setError] = useState('');
  const [position, setPosition] = useState(0);
  const [filter, setFilter] = useState<PlaybackFilter>('all');
  const video = useRef<HTMLVideoElement>(null);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const id = encodeURIComponent(recordingId);
    Promise.all([api().get(`/api/recordings/${id}/timeline`, parseTimeline), api().get(`/api/recordings/${id}/media`, parseMediaUrl)])
      .then(([tl, m]) => {
        setTimeline(tl);
        setMedia(m);
      })
      .catch((e: unknown) => setError(describeApiError(e)));
  }, [recordingId]);

  const items = (timeline?.items ?? []).map((item, index) => ({ item, index })).filter((x) => shown(x.item.kind, filter));
  // A moment is current from a quarter second before it: a seek lands a few ms short of its target.
  const current = currentIndex(
    items.map((x) => x.item),
    position + SYNC_SLACK_MS,
  );

  // The list follows the video: the current item is scrolled into the list's view (not the page's).
  useEffect(() => {
    const box = list.current;
    const el = box?.querySelector<HTMLElement>('[data-current="true"]');
    if (!box || !el) return;
    const top = el.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top + el.offsetHeight > box.scrollTop + box.clientHeight) box.scrollTop = Math.max(0, top - box.clientHeight / 3);
  }, [current, filter]);

  const seek = (item: TimelineItemJson) => {
    const v = video.current;
    if (!v) return;
    v.currentTime = seekSeconds(item);
    setPosition(item.offsetMs);
  };

  return (
    <main class="page" data-testid="playback-page">
      <p>
        {timeline && (
          <Link href={`/lesson/${encodeURIComponent(timeline.lessonId)}/recordings`} testId="playback-back">
            {tPlayback('playback.back')}
          </Link>
        )}
      </p>
      <h1>{timeline ? `${tPlayback('playback.title')}: ${timeline.lessonTitle}` : tPlayback('playback.title')}</h1>
      {error && (
        <p class="alert alert--error" role="alert" data-testid="playback-error">
          {error}
        </p>
      )}
      {!error && !timeline && <p class="muted">{tPlayback('playback.loading')}</p>}
      {timeline && media && (
        <div class="playback playback--split">
          <div class="playback__player">
            <video
              ref={video}
              src={media.url}
              controls
              preload="metadata"
              playsInline
              data-testid="playback-video"
              onTimeUpdate={(e) => setPosition(Math.round((e.currentTarget as HTMLVideoElement).currentTime * 1000))}
              onSeeked={(e) => setPosition(Math.round((e.currentTarget as HTMLVideoElement).currentTime * 1000))}
            />
            <p class="muted">
              {formatDateTime(timeline.startedAt)} · {formatDuration(timeline.durationMs)}{' '}
              <a class="button button--small" href={media.downloadUrl} download data-testid="recording-download">
                {tPlayback('playback.download')}
              </a>
            </p>
          </div>
          <section class="playback__side" aria-label={tPlayback('playback.timeline')}>
            <h2 class="section__title">{tPlayback('playback.timeline')}</h2>
            <div class="segmented" role="group">
              {(['all', 'events', 'chat'] as const).map((f) => (
                <button key={f} type="button" class={`button button--small${filter === f ? ' button--primary' : ''}`} aria-pressed={filter === f} onClick={() => setFilter(f)} data-testid={`playback-filter-${f}`}>
                  {tPlayback(`playback.filter.${f}`)}
                </button>
              ))}
            </div>
            {items.length === 0 && <p class="muted">{tPlayback('playback.empty')}</p>}
            <ol class="playback__timeline" ref={list} data-testid="playback-timeline">
              {items.map(({ item, index }, i) => (
                <li key={index} data-testid="timeline-item" data-kind={item.kind} data-offset={item.offsetMs} data-current={i === current ? 'true' : undefined}>
                  <button type="button" aria-current={i === current ? 'true' : undefined} title={tPlayback('playback.seek', { time: formatDuration(item.offsetMs) })} onClick={() => seek(item)}>
                    <span class="playback__time">{formatDuration(item.offsetMs)}</span> <span class={`playback__text playback__text--${item.kind}`}>{describe(item)}</span>
                  </button>
                </li>
              ))}
            </ol>
            <p class="muted small">{tPlayback('playback.chatNote')}</p>
          </section>
        </div>
      )}
    </main>
  );
}

function describe(item: TimelineItemJson): string {
  return tPlayback(`playback.kind.${item.kind}`, { who: item.who ?? '', text: item.text ?? '' });
}
