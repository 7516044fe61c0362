import type { Participant, TrackSource } from '../../net/index.js';
import { t } from '../../i18n/index.js';
import { Icon } from '../common/Icon.js';
import { initials } from '../common/initials.js';
import { VideoView } from '../common/VideoView.js';
import { latestReaction, REACTION_EMOJI } from '../../state/reactions.js';
import { ExamTileBadge } from '../examWatch/ExamTileBadge.js';
import { isSpeaking } from '../../state/remoteMedia.js';

export interface TileProps {
  participant: Participant;
  /** The participant's video stream for this tile, when one is subscribed. */
  stream: MediaStream | null;
  /** The tile shows a screen share rather than the camera. */
  source?: TrackSource;
  /** Audio-only mode: never show video. */
  videoHidden?: boolean;
  isSelf?: boolean;
  mirrored?: boolean;
  variant?: 'grid' | 'stage' | 'self';
  testId?: string;
}

/**
 * One participant: their video, or their initials when the camera is off (or video is
 * hidden), with name, mic-off and connection indicators.
 */
export function Tile({ participant: p, stream, source = 'camera', videoHidden = false, isSelf = false, mirrored = false, variant = 'grid', testId = 'tile' }: TileProps) {
  const showVideo = stream !== null && !videoHidden && (source === 'screen' || p.cameraOn);
  const roleLabel = p.role === 'teacher' ? t('lesson.teacher') : null;
  const name = source === 'screen' ? t('lesson.screenShare', { name: p.displayName }) : p.displayName;
  // "Who is speaking" (R6): the camera tile of whoever the SFU hears, highlighted.
  const speaking = source === 'camera' && p.micOn && isSpeaking(p.id);
  return (
    <div
      class={`tile tile--${variant} ${showVideo ? 'has-video' : ''} ${p.connection === 'reconnecting' ? 'is-reconnecting' : ''} ${speaking ? 'is-speaking' : ''}`}
      data-testid={testId}
      data-participant-id={p.id}
      data-source={source}
      data-camera={p.cameraOn ? 'on' : 'off'}
      data-mic={p.micOn ? 'on' : 'off'}
      data-connection={p.connection}
      data-video={showVideo ? 'shown' : 'hidden'}
      data-speaking={speaking ? 'true' : 'false'}
    >
      {!showVideo && (
        <div class="tile__avatar" aria-hidden="true" data-testid="tile-initials" style={`background:hsl(${avatarHue(p.id)} 45% 38%)`}>
          {initials(p.displayName)}
        </div>
      )}
      {showVideo && <VideoView stream={stream} mirrored={mirrored} class="tile__video" />}
      {source === 'camera' && <ReactionBadge participantId={p.id} />}
      {source === 'camera' && p.role === 'student' && !isSelf && <ExamTileBadge userId={p.userId} />}
      <div class="tile__bar">
        {speaking && (
          <span class="tile__icon tile__icon--speaking" title={t('tile.speaking')} role="img" aria-label={t('tile.speaking')} data-testid="tile-speaking">
            <Icon name="mic" size={16} />
          </span>
        )}
        {!p.micOn && source === 'camera' && (
          <span class="tile__icon tile__icon--muted" title={t('tile.micOff')} role="img" aria-label={t('tile.micOff')} data-testid="tile-mic-off">
            <Icon name="micOff" size={16} />
          </span>
        )}
        <span class="tile__name">
          {name}
          {isSelf && ` (${t('lesson.you')})`}
          {roleLabel && source === 'camera' && variant === 'grid' && <span class="tile__role"> · {roleLabel}</span>}
        </span>
        {p.handRaised && (
          <span class="tile__icon tile__icon--hand" title={t('tile.handRaised')} role="img" aria-label={t('tile.handRaised')} data-testid="tile-hand">
            <Icon name="hand" size={16} />
          </span>
        )}
        {!isSelf && <ConnectionIndicator participant={p} />}
      </div>
    </div>
  );
}

/** The participant's reaction of the last few seconds, large over their tile. */
function ReactionBadge({ participantId }: { participantId: string }) {
  const kind = latestReaction.value.get(participantId);
  if (!kind) return null;
  return (
    <span class="tile__reaction" aria-hidden="true" data-testid="tile-reaction" data-kind={kind}>
      {REACTION_EMOJI[kind]}
    </span>
  );
}

/** A stable colour per participant, so that a class can tell avatars apart at a glance. */
function avatarHue(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0;
  return Math.abs(hash) % 360;
}

function ConnectionIndicator({ participant: p }: { participant: Participant }) {
  if (p.connection === 'reconnecting') {
    return (
      <span class="tile__icon tile__icon--warn" title={t('tile.reconnecting')} role="img" aria-label={t('tile.reconnecting')} data-testid="tile-reconnecting">
        <Icon name="wifiOff" size={16} />
      </span>
    );
  }
  const bars = p.quality === 'good' ? 3 : p.quality === 'fair' ? 2 : p.quality === 'poor' ? 1 : 0;
  const label = t(`quality.${p.quality}`);
  return (
    <span class={`signal signal--${p.quality}`} title={label} role="img" aria-label={label} data-testid="tile-quality" data-quality={p.quality}>
      {[1, 2, 3].map((i) => (
        <span key={i} class={`signal__bar ${i <= bars ? 'is-lit' : ''}`} />
      ))}
    </span>
  );
}
