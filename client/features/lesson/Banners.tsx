import { t } from '../../i18n/index.js';
import { mediaRestoring, notice, reconnectAttempt, reconnecting } from '../../state/connection.js';
import { micLockedByTeacher } from '../../state/lobby.js';
import { screenSharing, stopScreenShare } from '../../state/screenShare.js';
import { micOn } from '../../state/selfMedia.js';
import { audioBlocked, audioOnly } from '../../state/remoteMedia.js';
import { Icon } from '../common/Icon.js';
import { RecordingIndicator } from '../recording/RecordingIndicator.js';
import { unblockAudio } from './RemoteAudio.js';

/** Connection trouble and short notices, on top of the lesson, never hiding the controls. */
export function Banners() {
  const attempt = reconnectAttempt.value;
  return (
    <div class="banners" aria-live="polite">
      <RecordingIndicator />
      {reconnecting.value && (
        <div class="banner banner--warn" role="status" data-testid="reconnecting-banner">
          <span class="spinner" aria-hidden="true" />
          {attempt > 1 ? t('lesson.reconnectingAttempt', { attempt }) : t('lesson.reconnecting')}
        </div>
      )}
      {!reconnecting.value && mediaRestoring.value && (
        <div class="banner banner--info" role="status" data-testid="media-restoring-banner">
          <span class="spinner" aria-hidden="true" />
          {t('lesson.mediaRestoring')}
        </div>
      )}
      {audioBlocked.value && (
        <button type="button" class="banner banner--action" onClick={unblockAudio} data-testid="audio-unblock">
          <Icon name="volume" size={18} />
          {t('lesson.audioBlocked')}
        </button>
      )}
      {audioOnly.value && (
        <div class="banner banner--quiet" data-testid="audio-only-active">
          <Icon name="headphones" size={16} />
          {t('lesson.audioOnlyActive')}
        </div>
      )}
      {micLockedByTeacher.value && !micOn.value && (
        <div class="banner banner--quiet" data-testid="mic-locked-hint">
          <Icon name="micOff" size={16} />
          {t('lesson.micLocked')}
        </div>
      )}
      {screenSharing.value && (
        <div class="banner banner--share" role="status" data-testid="screen-share-active">
          <Icon name="screen" size={16} />
          {t('screen.active')}
          <button type="button" class="banner__action" onClick={() => void stopScreenShare()} data-testid="screen-share-stop">
            {t('screen.stop')}
          </button>
        </div>
      )}
      {notice.value && (
        <div class="banner banner--info" role="status" data-testid="notice">
          {notice.value}
        </div>
      )}
    </div>
  );
}
