import { useSignal } from '@preact/signals';
import { t } from '../../i18n/index.js';
import type { Participant } from '../../net/index.js';
import { breakout } from '../../state/breakout.js';
import { selfId } from '../../state/lesson.js';
import { isSpeaking } from '../../state/remoteMedia.js';
import { forceOff, isTeacher, muteAll, participantList, removeFromLesson, setScreenPermission, supervisable } from '../../state/supervision.js';
import { Icon } from '../common/Icon.js';
import { SidePanel } from '../lesson/SidePanel.js';
import { ReasonDialog } from './ReasonDialog.js';

/**
 * Everyone in the lesson with their state (R6): connection, microphone, camera, screen, hand,
 * quality. The teacher also turns things off, allows screen sharing, and removes a student.
 */
export function ParticipantsPanel() {
  const removing = useSignal<Participant | null>(null);
  const list = participantList.value;
  return (
    <SidePanel
      title={t('participants.title', { count: list.length })}
      testId="participants-panel"
      actions={
        isTeacher.value && (
          <button type="button" class="button button--small" onClick={() => void muteAll()} data-testid="mute-all">
            {t('participants.muteAll')}
          </button>
        )
      }
    >
      <ul class="people">
        {list.map((p) => (
          <Row key={p.id} p={p} onRemove={() => (removing.value = p)} />
        ))}
      </ul>
      {removing.value && (
        <ReasonDialog
          kind="remove"
          title={t('participants.removeTitle', { name: removing.value.displayName })}
          body={t('participants.removeBody')}
          confirmLabel={t('participants.remove')}
          onConfirm={(reason) => removeFromLesson(removing.value?.id ?? '', reason)}
          onClose={() => (removing.value = null)}
        />
      )}
    </SidePanel>
  );
}

function Row({ p, onRemove }: { p: Participant; onRemove: () => void }) {
  const group = p.groupId ? breakout.value.groups.find((g) => g.id === p.groupId) : undefined;
  const speaking = p.micOn && isSpeaking(p.id);
  return (
    <li
      class={`person ${p.connection === 'reconnecting' ? 'is-reconnecting' : ''} ${speaking ? 'is-speaking' : ''}`}
      data-testid="participant-row"
      data-participant-id={p.id}
      data-role={p.role}
      data-connection={p.connection}
      data-mic={p.micOn ? 'on' : 'off'}
      data-camera={p.cameraOn ? 'on' : 'off'}
      data-screen={p.screenOn ? 'on' : 'off'}
      data-hand={p.handRaised ? 'up' : 'down'}
      data-quality={p.quality}
      data-can-share={p.canShareScreen ? 'true' : 'false'}
      data-speaking={speaking ? 'true' : 'false'}
    >
      <div class="person__who">
        <span class="person__name">
          {p.displayName}
          {p.id === selfId.value && ` (${t('lesson.you')})`}
          {p.role === 'teacher' && <span class="tag">{t('lesson.teacher')}</span>}
          {speaking && (
            <span class="tag tag--speaking" data-testid="participant-speaking">
              {t('tile.speaking')}
            </span>
          )}
        </span>
        <span class="person__state">
          <State on={p.connection === 'connected'} icon="wifiOff" onLabel={t('participants.connected')} offLabel={t('tile.reconnecting')} showWhenOn={false} />
          <State on={p.micOn} icon={p.micOn ? 'mic' : 'micOff'} onLabel={t('participants.micOn')} offLabel={t('tile.micOff')} />
          <State on={p.cameraOn} icon={p.cameraOn ? 'camera' : 'cameraOff'} onLabel={t('participants.cameraOn')} offLabel={t('participants.cameraOff')} />
          {p.screenOn && <State on icon="screen" onLabel={t('participants.sharing')} offLabel="" />}
          {p.handRaised && <State on icon="hand" onLabel={t('tile.handRaised')} offLabel="" />}
          <span class={`quality quality--${p.quality}`}>{t(`quality.${p.quality}`)}</span>
          {group && <span class="tag">{group.name}</span>}
        </span>
      </div>
      {supervisable(p) && <Actions p={p} onRemove={onRemove} />}
    </li>
  );
}

function State(props: { on: boolean; icon: 'mic' | 'micOff' | 'camera' | 'cameraOff' | 'screen' | 'hand' | 'wifiOff'; onLabel: string; offLabel: string; showWhenOn?: boolean }) {
  if (props.on && props.showWhenOn === false) return null;
  const label = props.on ? props.onLabel : props.offLabel;
  return (
    <span class={`state ${props.on ? 'is-on' : 'is-off'}`} title={label} role="img" aria-label={label}>
      <Icon name={props.icon} size={16} />
    </span>
  );
}

function Actions({ p, onRemove }: { p: Participant; onRemove: () => void }) {
  return (
    <div class="person__actions">
      <button type="button" class="button button--small" disabled={!p.micOn} onClick={() => void forceOff(p.id, 'microphone')} data-testid="participant-mute">
        {t('participants.mute')}
      </button>
      <button type="button" class="button button--small" disabled={!p.cameraOn} onClick={() => void forceOff(p.id, 'camera')} data-testid="participant-camera-off">
        {t('participants.cameraOffAction')}
      </button>
      {p.screenOn && (
        <button type="button" class="button button--small" onClick={() => void forceOff(p.id, 'screen')} data-testid="participant-stop-share">
          {t('participants.stopShare')}
        </button>
      )}
      <button
        type="button"
        class="button button--small"
        aria-pressed={p.canShareScreen}
        onClick={() => void setScreenPermission(p.id, !p.canShareScreen)}
        data-testid="participant-allow-share"
        data-state={p.canShareScreen ? 'allowed' : 'not-allowed'}
      >
        {p.canShareScreen ? t('participants.revokeShare') : t('participants.allowShare')}
      </button>
      <button type="button" class="button button--small button--danger-ghost" onClick={onRemove} data-testid="participant-remove">
        {t('participants.remove')}
      </button>
    </div>
  );
}
