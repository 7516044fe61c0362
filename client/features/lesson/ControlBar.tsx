import { t } from '../../i18n/index.js';
import { chatOpen, unreadCount } from '../../state/chat.js';
import { handRaised, toggleHand } from '../../state/hands.js';
import { lobbyCount, micLockedByTeacher } from '../../state/lobby.js';
import { selfRole } from '../../state/lesson.js';
import { sidePanel, togglePanel } from '../../state/panels.js';
import { audioOnly, toggleAudioOnly } from '../../state/remoteMedia.js';
import { mayShareScreen, screenBusy, screenSharing, toggleScreenShare } from '../../state/screenShare.js';
import { cameraOn, mediaBusy, micOn, toggleCamera, toggleMic } from '../../state/selfMedia.js';
import { leaveLesson } from '../../state/session.js';
import { raisedHandCount } from '../../state/supervision.js';
import { Control } from './Control.js';

/**
 * The bottom bar, within thumb reach on a phone; it scrolls sideways when the teacher's tools
 * do not fit, so the buttons used most come first for each role. Labels say what a press does.
 */
export function ControlBar({ onEndLesson }: { onEndLesson: () => void }) {
  const teacher = selfRole.value === 'teacher';
  return (
    <nav class="control-bar" aria-label={t('controls.label')}>
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
      {teacher ? <TeacherTools /> : <StudentTools />}
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
      <Control icon="leave" label={t('controls.leave')} onClick={() => void leaveLesson()} danger testId="leave-button" />
      {teacher && <Control icon="end" label={t('controls.end')} onClick={onEndLesson} danger testId="end-lesson-button" />}
    </nav>
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

function StudentTools() {
  return (
    <>
      <Control
        icon="hand"
        label={handRaised.value ? t('hands.lower') : t('hands.raise')}
        onClick={() => void toggleHand()}
        active={handRaised.value}
        pressed={handRaised.value}
        testId="hand-toggle"
        state={handRaised.value ? 'on' : 'off'}
      />
      <ChatControl />
      <ParticipantsControl hands={0} />
    </>
  );
}

function TeacherTools() {
  const panel = sidePanel.value;
  return (
    <>
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
      <ParticipantsControl hands={raisedHandCount.value} />
      <ChatControl />
      <Control icon="groups" label={t('controls.breakout')} onClick={() => togglePanel('breakout')} active={panel === 'breakout'} pressed={panel === 'breakout'} testId="breakout-toggle" />
      <Control icon="quiz" label={t('controls.quiz')} onClick={() => togglePanel('quiz')} active={panel === 'quiz'} pressed={panel === 'quiz'} testId="quiz-toggle" />
      <Control icon="list" label={t('controls.attendance')} onClick={() => togglePanel('attendance')} active={panel === 'attendance'} pressed={panel === 'attendance'} testId="attendance-toggle" />
    </>
  );
}
