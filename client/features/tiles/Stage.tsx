import { t } from '../../i18n/index.js';
import { stage } from '../../state/layout.js';
import { participants, roomId } from '../../state/lesson.js';
import { audioOnly, trackKey, videoTracks } from '../../state/remoteMedia.js';
import { Tile } from './Tile.js';

/** What is shown large: the teacher, or a screen share with the sharer's camera small beside it. */
export function Stage() {
  const item = stage.value;
  const who = item ? participants.value.get(item.participantId) : undefined;
  if (!item || !who) {
    // In a breakout group the teacher is elsewhere most of the time: the group's grid is the view.
    if (roomId.value !== '') return null;
    return (
      <div class="stage stage--empty" data-testid="stage">
        <p>{t('lesson.teacherAbsent')}</p>
      </div>
    );
  }
  const tracks = videoTracks.value;
  const main = tracks.get(trackKey(who.id, item.source))?.stream ?? null;
  const camera = item.source === 'screen' ? (tracks.get(trackKey(who.id, 'camera'))?.stream ?? null) : null;
  return (
    <div class="stage" data-testid="stage">
      <Tile participant={who} stream={main} source={item.source} videoHidden={audioOnly.value} variant="stage" testId="tile" />
      {item.source === 'screen' && (
        <div class="stage__pip">
          <Tile participant={who} stream={camera} videoHidden={audioOnly.value} variant="grid" testId="tile-teacher-camera" />
        </div>
      )}
    </div>
  );
}
