import { t } from '../i18n/index.js';
import type { MediaController } from '../media/index.js';
import { receiveChat } from './chat.js';
import { showNotice } from './connection.js';
import { handQueue, removeParticipant, selfId, settings, upsertParticipant } from './lesson.js';
import { setCameraOn, setMicOn } from './selfMedia.js';
import { log } from '../util/log.js';
import type { LessonSnapshot, Socket } from '../net/index.js';

/** What the pushes need from the session beyond the state modules. */
export interface PushTarget {
  media: MediaController;
  /** The lesson is over for us (LessonEnded, RemovedFromLesson): show the final screen now. */
  finish(reason: 'lesson-ended' | 'removed', detail: string): void;
  /** A denial or removal explains the 4403 close that follows. */
  noteCloseCause(reason: 'removed' | 'denied', detail: string): void;
  /** Admitted from the lobby. */
  admitted(snapshot: LessonSnapshot): void;
}

/**
 * Routes every push to its state action. Returns a function that unsubscribes them all.
 * Pushes of phase-2 features (lobby, hands UI, reactions, breakout) are stored or ignored.
 */
export function wirePushes(pushes: Socket['pushes'], target: PushTarget): () => void {
  const off = [
    pushes.on('participantJoined', (p) => upsertParticipant(p.participant)),
    pushes.on('participantUpdated', (p) => upsertParticipant(p.participant)),
    pushes.on('participantLeft', (p) => removeParticipant(p.participantId)),
    pushes.on('chat', (p) => receiveChat(p.message, selfId.value)),
    pushes.on('settingsUpdated', (p) => (settings.value = p.settings)),
    pushes.on('handQueue', (p) => (handQueue.value = p.entries)),
    pushes.on('subscriberOffer', (p) => target.media.handleOffer(p)),
    pushes.on('mediaReset', (p) => target.media.handleReset(p.reason)),
    pushes.on('forcedMediaOff', (p) => {
      if (p.source === 'microphone') {
        void setMicOn(false);
        showNotice(t('lesson.forcedMicOff'));
      } else if (p.source === 'camera') {
        void setCameraOn(false);
        showNotice(t('lesson.forcedCameraOff'));
      }
    }),
    pushes.on('lessonEnded', () => target.finish('lesson-ended', '')),
    pushes.on('removed', (p) => {
      target.noteCloseCause('removed', p.reason);
      target.finish('removed', p.reason);
    }),
    pushes.on('admission', (p) => {
      if (p.admitted && p.snapshot) target.admitted(p.snapshot);
      else target.noteCloseCause('denied', p.deniedReason);
    }),
    pushes.on('lobbyUpdated', (p) => log.debug('lobby updated (phase 2 UI)', p.entries.length)),
    pushes.on('breakout', (p) => log.debug('breakout updated (phase 2 UI)', p.state.active)),
  ];
  return () => {
    for (const unsubscribe of off) unsubscribe();
  };
}
