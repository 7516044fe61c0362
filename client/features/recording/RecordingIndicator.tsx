import { t } from '../../i18n/index.js';
import { selfRole } from '../../state/lesson.js';
import { recordingStatus } from '../../state/recording.js';
import { Icon } from '../common/Icon.js';

/**
 * Everyone sees when the lesson is recorded (R21); the teacher also sees why a recording stopped
 * by itself (the lesson went on).
 */
export function RecordingIndicator() {
  const status = recordingStatus.value;
  if (status.recording) {
    return (
      <div class="banner banner--rec" role="status" data-testid="recording-indicator">
        <Icon name="record" size={16} />
        {t('recording.indicator')}
      </div>
    );
  }
  if (status.failure && selfRole.value === 'teacher') {
    return (
      <div class="banner banner--warn" role="alert" data-testid="recording-failed" data-reason={status.failure}>
        {t(status.failure === 'disk_full' ? 'recording.failed.disk_full' : 'recording.failed.recorder_died')}
      </div>
    );
  }
  return null;
}
