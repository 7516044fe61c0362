import { t } from '../../i18n/index.js';
import type { ReactionKind } from '../../net/index.js';
import { participants, selfId } from '../../state/lesson.js';
import { REACTION_EMOJI, REACTION_KINDS, reactions, sendReaction } from '../../state/reactions.js';

/** `thumbs-up` -> `thumbs_up`, the form of the test ids. */
export function reactionTestId(kind: ReactionKind): string {
  return `reaction-${kind.replace(/-/g, '_')}`;
}

/** The six reactions, always at hand: one tap sends. */
export function ReactionBar() {
  return (
    <div class="reaction-bar" role="group" aria-label={t('reactions.label')}>
      {REACTION_KINDS.map((kind) => (
        <button
          type="button"
          key={kind}
          class="reaction-bar__button"
          onClick={() => sendReaction(kind)}
          aria-label={t(`reactions.${kind}`)}
          title={t(`reactions.${kind}`)}
          data-testid={reactionTestId(kind)}
        >
          <span aria-hidden="true">{REACTION_EMOJI[kind]}</span>
        </button>
      ))}
    </div>
  );
}

/** Reactions of the last few seconds, floating over the video with who sent them. */
export function ReactionOverlay() {
  const list = reactions.value;
  if (list.length === 0) return null;
  return (
    <div class="reaction-overlay" aria-live="polite" data-testid="reaction-overlay">
      {list.map((r) => {
        const name = r.participantId === selfId.value ? t('lesson.you') : (participants.value.get(r.participantId)?.displayName ?? '');
        return (
          <div
            key={r.key}
            class="reaction-bubble"
            role="img"
            aria-label={t('reactions.from', { name, reaction: t(`reactions.${r.kind}`) })}
            data-testid="reaction-shown"
            data-participant-id={r.participantId}
            data-kind={r.kind}
          >
            <span class="reaction-bubble__emoji">{REACTION_EMOJI[r.kind]}</span>
            <span class="reaction-bubble__name">{name}</span>
          </div>
        );
      })}
    </div>
  );
}
