import { useEffect, useRef } from 'preact/hooks';
import type { RemoteTrack } from '../../media/index.js';
import { audioBlocked, audioTracks } from '../../state/remoteMedia.js';

/**
 * One <audio autoplay> per remote audio track. Audio is never attached to a <video>, so it
 * keeps playing in audio-only mode and for participants whose tile is on another page.
 */
export function RemoteAudio() {
  return (
    <div class="remote-audio" aria-hidden="true">
      {audioTracks.value.map((t) => (
        <AudioSink key={t.track.id} track={t} />
      ))}
    </div>
  );
}

function AudioSink({ track }: { track: RemoteTrack }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const audio = ref.current;
    if (!audio) return;
    audio.srcObject = track.stream;
    audio.play?.()?.catch((error: unknown) => {
      // Autoplay refused (no user gesture on this page yet): ask for a tap.
      if (error instanceof DOMException && error.name === 'NotAllowedError') audioBlocked.value = true;
    });
  }, [track.stream]);
  return <audio ref={ref} autoplay data-testid="remote-audio" data-participant-id={track.participantId} data-source={track.source} />;
}

/** The "Tap to turn on sound" banner: a user gesture lets every element play. */
export function unblockAudio(): void {
  audioBlocked.value = false;
  for (const el of document.querySelectorAll<HTMLAudioElement>('audio[data-testid="remote-audio"]')) {
    el.play().catch(() => (audioBlocked.value = true));
  }
}
