import { self } from '../../state/lesson.js';
import { cameraOn, micOn, previewStream } from '../../state/selfMedia.js';
import { Tile } from './Tile.js';

/** Our own camera, small and mirrored; shows the local state at once (before the server echoes it). */
export function SelfPreview() {
  const me = self.value;
  if (!me) return null;
  const local = { ...me, micOn: micOn.value, cameraOn: cameraOn.value };
  return (
    <div class="self-preview">
      <Tile participant={local} stream={previewStream.value} isSelf mirrored variant="self" testId="self-preview" />
    </div>
  );
}
