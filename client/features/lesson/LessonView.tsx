import { useSignal } from '@preact/signals';
import { chatOpen } from '../../state/chat.js';
import { selfRole } from '../../state/lesson.js';
import { ChatPanel } from '../chat/ChatPanel.js';
import { SelfPreview } from '../tiles/SelfPreview.js';
import { Stage } from '../tiles/Stage.js';
import { TileGrid } from '../tiles/TileGrid.js';
import { Banners } from './Banners.js';
import { ControlBar } from './ControlBar.js';
import { EndLessonDialog } from './EndLessonDialog.js';
import { LessonHeader } from './LessonHeader.js';
import { RemoteAudio } from './RemoteAudio.js';
import { useWakeLock } from './useWakeLock.js';

/**
 * The live lesson. A student sees the teacher large and classmates as thumbnails; the teacher
 * sees the class grid. Both see themselves small.
 */
export function LessonView() {
  const confirmEnd = useSignal(false);
  const role = selfRole.value;
  useWakeLock();
  return (
    <div class={`lesson lesson--${role} ${chatOpen.value ? 'has-chat' : ''}`} data-testid="lesson-view" data-role={role}>
      <LessonHeader />
      <div class="lesson__body">
        <Banners />
        <main class="lesson__main">
          {role === 'student' && <Stage />}
          <TileGrid />
          <SelfPreview />
        </main>
        {chatOpen.value && <ChatPanel />}
      </div>
      <ControlBar onEndLesson={() => (confirmEnd.value = true)} />
      {confirmEnd.value && <EndLessonDialog onClose={() => (confirmEnd.value = false)} />}
      <RemoteAudio />
    </div>
  );
}
