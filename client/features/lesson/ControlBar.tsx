import { t } from '../../i18n/index.js';
import { chatOpen, toggleChat, unreadCount } from '../../state/chat.js';
import { selfRole } from '../../state/lesson.js';
import { audioOnly, toggleAudioOnly } from '../../state/remoteMedia.js';
import { cameraOn, mediaBusy, micOn, toggleCamera, toggleMic } from '../../state/selfMedia.js';
import { leaveLesson } from '../../state/session.js';
import { Icon, type IconName } from '../common/Icon.js';

interface ControlProps {
  icon: IconName;
  label: string;
  onClick: () => void;
  testId: string;
  active?: boolean;
  off?: boolean;
  danger?: boolean;
  disabled?: boolean;
  pressed?: boolean;
  badge?: number;
  state?: string;
}

function Control(p: ControlProps) {
  return (
    <button
      type="button"
      class={`control ${p.off ? 'is-off' : ''} ${p.active ? 'is-active' : ''} ${p.danger ? 'control--danger' : ''}`}
      onClick={p.onClick}
      disabled={p.disabled}
      aria-label={p.label}
      aria-pressed={p.pressed}
      title={p.label}
      data-testid={p.testId}
      data-state={p.state}
    >
      <span class="control__icon">
        <Icon name={p.icon} />
        {p.badge ? (
          <span class="badge" data-testid="chat-unread">
            {p.badge > 99 ? '99+' : p.badge}
          </span>
        ) : null}
      </span>
      <span class="control__label">{p.label}</span>
    </button>
  );
}

/** The bottom bar, within thumb reach on a phone. Labels say what a press does. */
export function ControlBar({ onEndLesson }: { onEndLesson: () => void }) {
  const teacher = selfRole.value === 'teacher';
  return (
    <nav class="control-bar" aria-label={t('app.title')}>
      <Control
        icon={micOn.value ? 'mic' : 'micOff'}
        label={micOn.value ? t('media.micOff') : t('media.micOn')}
        onClick={() => void toggleMic()}
        off={!micOn.value}
        pressed={micOn.value}
        disabled={mediaBusy.value}
        testId="mic-toggle"
        state={micOn.value ? 'on' : 'off'}
      />
      <Control
        icon={cameraOn.value ? 'camera' : 'cameraOff'}
        label={cameraOn.value ? t('media.cameraOff') : t('media.cameraOn')}
        onClick={() => void toggleCamera()}
        off={!cameraOn.value}
        pressed={cameraOn.value}
        disabled={mediaBusy.value}
        testId="camera-toggle"
        state={cameraOn.value ? 'on' : 'off'}
      />
      <Control
        icon={audioOnly.value ? 'video' : 'headphones'}
        label={audioOnly.value ? t('media.audioOnlyOff') : t('media.audioOnlyOn')}
        onClick={toggleAudioOnly}
        active={audioOnly.value}
        pressed={audioOnly.value}
        testId="audio-only-toggle"
        state={audioOnly.value ? 'on' : 'off'}
      />
      <Control
        icon="chat"
        label={t('controls.chat')}
        onClick={toggleChat}
        active={chatOpen.value}
        pressed={chatOpen.value}
        badge={unreadCount.value}
        testId="chat-toggle"
      />
      <Control icon="leave" label={t('controls.leave')} onClick={() => void leaveLesson()} danger testId="leave-button" />
      {teacher && <Control icon="end" label={t('controls.end')} onClick={onEndLesson} danger testId="end-lesson-button" />}
    </nav>
  );
}
