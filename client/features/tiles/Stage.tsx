import { t } from '../../i18n/index.js';
import { stage } from '../../state/layout.js';
import { participants } from '../../state/lesson.js';
import { audioOnly, trackKey, videoTracks } from '../../state/remoteMedia.js';
import { Tile } from './Tile.js';

/** A student's main view: the teacher large (their screen share, if any, with the camera small). */
export function Stage() {
  const item = stage.value;
  const teacher = item ? participants.value.get(item.participantId) : undefined;
  if (!item || !teacher) {
    return (
      <div class="stage stage--empty" data-testid="stage">
        <p>{t('lesson.teacherAbsent')}</p>
      </div>
    );
  }
  const tracks = videoTracks.value;
  const main = tracks.get(trackKey(teacher.id, item.source))?.stream ?? null;
  const camera = item.source === 'screen' ? (tracks.get(trackKey(teacher.id, 'camera'))?.stream ?? null) : null;
  return (
    <div class="stage" data-testid="stage">
      <Tile participant={teacher} stream={main} source={item.source} videoHidden={audioOnly.value} variant="stage" testId="tile" />
      {item.source === 'screen' && (
        <div class="stage__pip">
          <Tile participant={teacher} stream={camera} videoHidden={audioOnly.value} variant="grid" testId="tile-teacher-camera" />
        </div>
      )}
    </div>
  );
}
