import { t } from '../../i18n/index.js';
import { breakout, broadcasts, myGroup, visitGroup } from '../../state/breakout.js';
import { participants, selfId, selfRole } from '../../state/lesson.js';

/**
 * Where we are during breakout groups: a student sees their group, its members and the
 * teacher's latest message; a visiting teacher sees the group and the way back.
 */
export function BreakoutBanner() {
  const group = myGroup.value;
  if (!breakout.value.active) return null;
  const latest = broadcasts.value[broadcasts.value.length - 1];
  if (selfRole.value === 'teacher') {
    if (!group) return null;
    return (
      <div class="breakout-banner" role="status" data-testid="breakout-visiting" data-group-id={group.id}>
        <span>{t('breakout.visiting', { name: group.name })}</span>
        <button type="button" class="button button--small" onClick={() => void visitGroup('')} data-testid="breakout-banner-return">
          {t('breakout.return')}
        </button>
      </div>
    );
  }
  if (!group) return null;
  const mates = group.participantIds
    .filter((id) => id !== selfId.value)
    .map((id) => participants.value.get(id)?.displayName)
    .filter(Boolean)
    .join(', ');
  return (
    <div class="breakout-banner" role="status" data-testid="breakout-banner" data-group-id={group.id}>
      <p class="breakout-banner__group">
        <strong>{t('breakout.youAreIn', { name: group.name })}</strong>
        {mates && <span class="breakout-banner__mates"> · {t('breakout.with', { names: mates })}</span>}
      </p>
      {latest && (
        <p class="breakout-banner__broadcast" data-testid="breakout-broadcast">
          {t('breakout.fromTeacher', { text: latest.text })}
        </p>
      )}
    </div>
  );
}
