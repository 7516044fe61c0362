import { t } from '../i18n/index.js';
import type { MediaClient } from '../media/index.js';
import type { LessonSnapshot, Participant, Socket } from '../net/index.js';
import { receiveChat } from './chat.js';
import { showNotice } from './connection.js';
import { participants, removeParticipant, selfId, selfRole, settings, upsertParticipant } from './lesson.js';
import { selfChangedInParts, wireParts } from './lessonParts.js';
import { applyLobby, setDenied } from './lobby.js';
import { stopScreenShare } from './screenShare.js';
import { setCameraOn, setMicOn } from './selfMedia.js';

/** What the pushes need from the session beyond the state modules. */
export interface PushTarget {
  media: MediaClient;
  /** The lesson is over for us (LessonEnded, RemovedFromLesson, denied): show the final screen now. */
  finish(reason: 'lesson-ended' | 'removed' | 'denied', detail: string): void;
  /** A denial or removal explains the 4403 close that follows. */
  noteCloseCause(reason: 'removed' | 'denied', detail: string): void;
  /** Admitted from the lobby. */
  admitted(snapshot: LessonSnapshot): void;
}

/**
 * Routes the room's own pushes to their state actions, and each lesson part's pushes to it
 * (lessonParts.ts). Returns a function that unsubscribes them all.
 */
export function wirePushes(pushes: Socket['pushes'], target: PushTarget): () => void {
  const off = [
    wireParts(pushes),
    pushes.on('participantJoined', (p) => upsertParticipant(p.participant)),
    pushes.on('participantUpdated', (p) => participantUpdated(p.participant)),
    pushes.on('participantLeft', (p) => removeParticipant(p.participantId)),
    pushes.on('chat', (p) => receiveChat(p.message, selfId.value)),
    pushes.on('settingsUpdated', (p) => settingsUpdated(p.settings)),
    pushes.on('consumersChanged', (p) => target.media.handleConsumers(p)),
    pushes.on('mediaReset', (p) => target.media.handleReset(p.reason)),
    pushes.on('forcedMediaOff', (p) => forcedOff(p.source)),
    pushes.on('lessonEnded', () => target.finish('lesson-ended', '')),
    pushes.on('removed', (p) => {
      target.noteCloseCause('removed', p.reason);
      target.finish('removed', p.reason);
    }),
    pushes.on('admission', (p) => {
      if (p.admitted && p.snapshot) {
        target.admitted(p.snapshot);
        return;
      }
      // The server closes with 4403 next; the answer is final now, whatever the network does.
      setDenied(p.deniedReason);
      target.noteCloseCause('denied', p.deniedReason);
      target.finish('denied', p.deniedReason);
    }),
    pushes.on('lobbyUpdated', (p) => applyLobby(p.entries)),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}

function forcedOff(source: 'microphone' | 'camera' | 'screen'): void {
  if (source === 'microphone') {
    void setMicOn(false);
    showNotice(t('lesson.forcedMicOff'));
  } else if (source === 'camera') {
    void setCameraOn(false);
    showNotice(t('lesson.forcedCameraOff'));
  } else {
    void stopScreenShare('forced');
  }
}

/** Our own changes may need more than the list (a group move, a screen permission): the parts say. */
function participantUpdated(next: Participant): void {
  const before = participants.value.get(next.id);
  upsertParticipant(next);
  if (next.id === selfId.value && before) selfChangedInParts(before, next);
}

function settingsUpdated(next: NonNullable<typeof settings.value>): void {
  const before = settings.value;
  settings.value = next;
  if (selfRole.value !== 'student' || !before || before.studentsCanUnmute === next.studentsCanUnmute) return;
  showNotice(t(next.studentsCanUnmute ? 'lesson.unmuteAllowed' : 'lesson.unmuteLocked'));
}
