import { useSignal } from '@preact/signals';
import { chatOpen } from '../../state/chat.js';
import { stage } from '../../state/layout.js';
import { roomId, selfRole } from '../../state/lesson.js';
import { sidePanel } from '../../state/panels.js';
import { AttendancePanel } from '../attendance/AttendancePanel.js';
import { BreakoutBanner } from '../breakout/BreakoutBanner.js';
import { BreakoutPanel } from '../breakout/BreakoutPanel.js';
import { ChatPanel } from '../chat/ChatPanel.js';
import { StudentQuizCard } from '../liveQuiz/StudentQuizCard.js';
import { lazyPage, lazyPart } from '../../app/lazyPage.js';
import { QuestionsPanel } from '../questions/QuestionsPanel.js';
import { handedOut } from '../../state/questions.js';
import { openLessonExam } from '../../state/examWatch.js';
import { ExamWatchStrip } from '../examWatch/ExamWatchStrip.js';
import { ReactionBar, ReactionOverlay } from '../reactions/Reactions.js';
import { HandQueue } from '../supervision/HandQueue.js';
import { LobbyPanel } from '../supervision/LobbyPanel.js';
import { ParticipantsPanel } from '../supervision/ParticipantsPanel.js';
import { SelfPreview } from '../tiles/SelfPreview.js';
import { Stage } from '../tiles/Stage.js';
import { TileGrid } from '../tiles/TileGrid.js';
import { Banners } from './Banners.js';
import { ControlBar } from './ControlBar.js';
import { EndLessonDialog } from './EndLessonDialog.js';
import { LessonHeader } from './LessonHeader.js';
import { useWakeLock } from './useWakeLock.js';

/** The teacher's quiz panel reads the question bank (HTTP shapes): its own chunk, not on students' phones. */
const TeacherQuizPanel = lazyPage(() => import('../liveQuiz/TeacherQuizPanel.js').then((m) => m.TeacherQuizPanel));
/** Handing out and viewing materials use the materials pages' code: their chunk, loaded on first use. */
const HandoutPanel = lazyPage(() => import('../materials/HandoutPanel.js').then((m) => m.HandoutPanel));
const LessonHandout = lazyPart(() => import('../materials/LessonHandout.js').then((m) => m.LessonHandout));
/** An exam run in the lesson uses the exam pages' code: their chunk, loaded when a student opens it. */
const LessonExam = lazyPart(() => import('../exams/LessonExam.js').then((m) => m.LessonExam));

/**
 * The live lesson. A student sees the teacher large and classmates as thumbnails; the teacher
 * sees the class grid (and a shared screen large). Both see themselves small. One side panel
 * at a time: chat, participants, and the teacher's lobby, breakout groups and attendance.
 */
export function LessonView() {
  const confirmEnd = useSignal(false);
  const role = selfRole.value;
  const teacher = role === 'teacher';
  const panel = sidePanel.value;
  const staged = stage.value !== null;
  useWakeLock();
  return (
    <div class={`lesson lesson--${role} ${chatOpen.value || panel ? 'has-panel' : ''} ${staged ? 'has-stage' : ''} ${roomId.value ? 'in-group' : ''}`} data-testid="lesson-view" data-role={role}>
      <LessonHeader />
      <div class="lesson__body">
        <Banners />
        <main class="lesson__main">
          <BreakoutBanner />
          <ExamWatchStrip />
          {teacher && <HandQueue />}
          <div class="lesson__view">
            {(!teacher || staged) && <Stage />}
            <TileGrid />
          </div>
          <SelfPreview />
          <ReactionOverlay />
          {!teacher && <StudentQuizCard />}
          {!teacher && handedOut.value && <LessonHandout />}
          {!teacher && openLessonExam.value && <LessonExam />}
        </main>
        {chatOpen.value && <ChatPanel />}
        {panel === 'participants' && <ParticipantsPanel />}
        {teacher && panel === 'lobby' && <LobbyPanel />}
        {teacher && panel === 'breakout' && <BreakoutPanel />}
        {teacher && panel === 'attendance' && <AttendancePanel />}
        {teacher && panel === 'quiz' && <TeacherQuizPanel />}
        {panel === 'questions' && <QuestionsPanel />}
        {teacher && panel === 'handout' && <HandoutPanel />}
      </div>
      <ReactionBar />
      <ControlBar onEndLesson={() => (confirmEnd.value = true)} />
      {confirmEnd.value && <EndLessonDialog onClose={() => (confirmEnd.value = false)} />}
    </div>
  );
}
