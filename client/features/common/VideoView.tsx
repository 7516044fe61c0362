import { useEffect, useRef } from 'preact/hooks';

export interface VideoViewProps {
  stream: MediaStream | null;
  /** Mirror the local camera, as people expect to see themselves. */
  mirrored?: boolean;
  class?: string;
  testId?: string;
}

/**
 * A muted, inline <video> showing a stream. Audio never plays here: remote audio has its own
 * <audio> elements (RemoteAudio), which keeps audio playing when video is off.
 */
export function VideoView({ stream, mirrored = false, class: className = '', testId }: VideoViewProps) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    // Some Android browsers ignore autoplay on a srcObject change; play() is harmless elsewhere.
    if (stream) video.play?.()?.catch(() => undefined);
  }, [stream]);
  return (
    <video
      ref={ref}
      class={`video ${mirrored ? 'video--mirrored' : ''} ${className}`}
      autoplay
      playsInline
      muted
      data-testid={testId}
    />
  );
}
