import { signal } from '@preact/signals';
import { t } from '../../i18n/index.js';
import { chatOpen, unreadCount } from '../../state/chat.js';
import { handRaised, toggleHand } from '../../state/hands.js';
import { lobbyCount, micLockedByTeacher } from '../../state/lobby.js';
import { selfRole } from '../../state/lesson.js';
import { sidePanel, togglePanel } from '../../state/panels.js';
import { audioOnly, toggleAudioOnly } from '../../state/remoteMedia.js';
import { mayShareScreen, screenBusy, screenSharing, toggleScreenShare } from '../../state/screenShare.js';
import { setTeacherOnly, teacherOnly } from '../../state/dataSaver.js';
import { cameraOn, mediaBusy, micOn, toggleCamera, toggleMic } from '../../state/selfMedia.js';
import { leaveLesson } from '../../state/session.js';
import { raisedHandCount } from '../../state/supervision.js';
import { recordingBusy, recordingStatus, toggleRecording } from '../../state/recording.js';
import { lessonQuestions } from '../../state/questions.js';
import { Control } from './Control.js';

/** Whether the phone's "more" sheet is open (secondary controls). */
const moreOpen = signal(false);

/**
 * The bottom bar, within thumb reach on a phone. The controls used most stay in the bar on
 * every screen (microphone, camera, hand or lobby, chat, leave); the rest sit in a "more" group
 * that is inline where the screen is wide enough and a sheet above the bar on a phone, so that
 * on a 360 px screen every control is reachable without sideways scrolling ("Rời lớp" included).
 */
export function ControlBar({ onEndLesson }: { onEndLesson: () => void }) {
  const teacher = selfRole.value === 'teacher';
  const open = moreOpen.value;
  return (
    <nav class={`control-bar ${open ? 'is-more-open' : ''}`} aria-label={t('controls.label')} onKeyDown={(e) => {
      if (e.key === 'Escape') moreOpen.value = false;
    }}>
      <MicControl />
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
      {teacher ? <LobbyControl /> : <HandControl />}
      <ChatControl />
      {/* A press on any control in the sheet also closes it (the click bubbles here). */}
      <div class="control-bar__more" id="control-more" data-testid="control-more" onClick={() => (moreOpen.value = false)}>
        {teacher ? (
          <TeacherTools />
        ) : (
          <>
            <ParticipantsControl hands={0} />
            <QuestionsControl />
          </>
        )}
        <ScreenControl />
        <Control
          icon={audioOnly.value ? 'video' : 'headphones'}
          label={audioOnly.value ? t('media.audioOnlyOff') : t('media.audioOnlyOn')}
          onClick={toggleAudioOnly}
          active={audioOnly.value}
          pressed={audioOnly.value}
          testId="audio-only-toggle"
          state={audioOnly.value ? 'on' : 'off'}
        />
        {!teacher && <TeacherOnlyControl />}
        {teacher && <Control icon="end" label={t('controls.end')} onClick={onEndLesson} danger testId="end-lesson-button" />}
      </div>
      <Control
        icon={open ? 'close' : 'more'}
        label={open ? t('controls.moreClose') : t('controls.more')}
        onClick={() => (moreOpen.value = !open)}
        active={open}
        expanded={open}
        controls="control-more"
        // The teacher's participants button (with the raised hands) is in the sheet on a phone.
        badge={teacher ? raisedHandCount.value : 0}
        badgeTestId="more-hands"
        testId="more-toggle"
        extraClass="control--more"
      />
      <Control icon="leave" label={t('controls.leave')} onClick={() => void leaveLesson()} danger testId="leave-button" />
    </nav>
  );
}

function TeacherOnlyControl() {
  const on = teacherOnly.value;
  return (
    <Control
      icon={on ? 'users' : 'person'}
      label={on ? t('saver.teacherOnlyOff') : t('saver.teacherOnlyOn')}
      onClick={() => setTeacherOnly(!on)}
      active={on}
      pressed={on}
      testId="teacher-only-toggle"
      state={on ? 'on' : 'off'}
    />
  );
}

function HandControl() {
  return (
    <Control
      icon="hand"
      label={handRaised.value ? t('hands.lower') : t('hands.raise')}
      onClick={() => void toggleHand()}
      active={handRaised.value}
      pressed={handRaised.value}
      testId="hand-toggle"
      state={handRaised.value ? 'on' : 'off'}
    />
  );
}

function LobbyControl() {
  const panel = sidePanel.value;
  return (
    <Control
      icon="door"
      label={t('controls.lobby')}
      onClick={() => togglePanel('lobby')}
      active={panel === 'lobby'}
      pressed={panel === 'lobby'}
      badge={lobbyCount.value}
      badgeAlways
      badgeTestId="lobby-count"
      testId="lobby-toggle"
    />
  );
}

function MicControl() {
  // A student whose teacher does not let students unmute cannot turn the microphone on.
  const locked = micLockedByTeacher.value && !micOn.value;
  return (
    <Control
      icon={micOn.value ? 'mic' : 'micOff'}
      label={micOn.value ? t('media.micOff') : t('media.micOn')}
      onClick={() => void toggleMic()}
      off={!micOn.value}
      pressed={micOn.value}
      disabled={mediaBusy.value || locked}
      hint={locked ? t('lesson.micLocked') : undefined}
      testId="mic-toggle"
      state={micOn.value ? 'on' : 'off'}
    />
  );
}

function ScreenControl() {
  if (!mayShareScreen.value && !screenSharing.value) return null;
  return (
    <Control
      icon="screen"
      label={screenSharing.value ? t('screen.stop') : t('screen.start')}
      onClick={() => void toggleScreenShare()}
      active={screenSharing.value}
      pressed={screenSharing.value}
      disabled={screenBusy.value}
      testId="screen-share-toggle"
      state={screenSharing.value ? 'on' : 'off'}
    />
  );
}

function ChatControl() {
  return (
    <Control
      icon="chat"
      label={t('controls.chat')}
      onClick={() => togglePanel('chat')}
      active={chatOpen.value}
      pressed={chatOpen.value}
      badge={unreadCount.value}
      badgeTestId="chat-unread"
      testId="chat-toggle"
    />
  );
}

function ParticipantsControl({ hands }: { hands: number }) {
  const open = sidePanel.value === 'participants';
  return (
    <Control
      icon="users"
      label={t('controls.participants')}
      onClick={() => togglePanel('participants')}
      active={open}
      pressed={open}
      badge={hands}
      badgeTestId="participants-hands"
      testId="participants-toggle"
    />
  );
}

/** The questions panel (R13); the badge counts questions not answered yet. */
function QuestionsControl() {
  const open = sidePanel.value === 'questions';
  const waiting = lessonQuestions.value.filter((q) => !q.answered).length;
  return (
    <Control icon="quiz" label={t('controls.questions')} onClick={() => togglePanel('questions')} active={open} pressed={open} badge={waiting} badgeTestId="questions-count" testId="questions-toggle" />
  );
}

function TeacherTools() {
  const panel = sidePanel.value;
  return (
    <>
      <ParticipantsControl hands={raisedHandCount.value} />
      <Control icon="groups" label={t('controls.breakout')} onClick={() => togglePanel('breakout')} active={panel === 'breakout'} pressed={panel === 'breakout'} testId="breakout-toggle" />
      <Control icon="quiz" label={t('controls.quiz')} onClick={() => togglePanel('quiz')} active={panel === 'quiz'} pressed={panel === 'quiz'} testId="quiz-toggle" />
      <QuestionsControl />
      <Control icon="list" label={t('controls.handout')} onClick={() => togglePanel('handout')} active={panel === 'handout'} pressed={panel === 'handout'} testId="handout-toggle" />
      <Control icon="list" label={t('controls.attendance')} onClick={() => togglePanel('attendance')} active={panel === 'attendance'} pressed={panel === 'attendance'} testId="attendance-toggle" />
      <Control
        icon="record"
        label={recordingStatus.value.recording ? t('recording.stop') : t('recording.start')}
        onClick={() => void toggleRecording()}
        active={recordingStatus.value.recording}
        pressed={recordingStatus.value.recording}
        disabled={recordingBusy.value}
        testId="recording-toggle"
        state={recordingStatus.value.recording ? 'on' : 'off'}
      />
    </>
  );
}
