import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { parseRecordingStatus } from '../../net/recordingsApi.js';
import { api } from '../../state/api.js';
import { Icon } from '../common/Icon.js';

/**
 * On the join page of a signed-in user: the lesson is being recorded, or the school records
 * every lesson (it will be once the teacher's media is on), said before entering (R21). Nothing
 * is shown otherwise, or when the answer does not come (the red indicator inside the lesson
 * says it anyway).
 */
export function RecordingNotice({ lessonId }: { lessonId: string }) {
  const [recording, setRecording] = useState(false);
  useEffect(() => {
    let live = true;
    api()
      .get(`/api/lessons/${encodeURIComponent(lessonId)}/recording-status`, parseRecordingStatus)
      .then((s) => live && setRecording(s.recording || s.autoRecord === true))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [lessonId]);
  if (!recording) return null;
  return (
    <p class="recording-notice" role="status" data-testid="join-recording-notice">
      <Icon name="record" size={16} />
      {t('recording.notice')}
    </p>
  );
}
