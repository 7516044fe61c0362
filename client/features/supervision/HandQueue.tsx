import { formatClock, t } from '../../i18n/index.js';
import { lowerHandOf } from '../../state/hands.js';
import { handQueue } from '../../state/hands.js';
import { Icon } from '../common/Icon.js';

/** The teacher's queue of raised hands, oldest first: who asked first speaks first. */
export function HandQueue() {
  const queue = handQueue.value;
  if (queue.length === 0) return null;
  return (
    <section class="hand-queue" aria-label={t('hands.queue', { count: queue.length })} data-testid="hand-queue">
      <span class="hand-queue__title">
        <Icon name="hand" size={16} />
        {t('hands.queue', { count: queue.length })}
      </span>
      <ol class="hand-queue__list">
        {queue.map((h, i) => (
          <li key={h.participantId} class="hand-queue__entry" data-testid="hand-queue-entry" data-participant-id={h.participantId} data-position={i + 1}>
            <span class="hand-queue__name" title={t('hands.since', { time: formatClock(h.raisedAtMs) })}>
              {i + 1}. {h.displayName}
            </span>
            <button type="button" class="button button--small" onClick={() => void lowerHandOf(h.participantId)} data-testid="hand-lower">
              {t('hands.lowerOf')}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
