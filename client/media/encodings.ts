import { log } from '../util/log.js';

/**
 * Camera capture and simulcast. 960x540 at up to 24 fps is enough for a face and a paper held
 * up to the camera, and light enough for a cheap phone to encode three layers. The layers are
 * ordered high, medium, low (docs/protocol.md); the SFU forwards one per subscriber.
 */
export const CAMERA_CONSTRAINTS: MediaTrackConstraints = {
  width: { ideal: 960 },
  height: { ideal: 540 },
  frameRate: { ideal: 24, max: 24 },
};

export const MICROPHONE_CONSTRAINTS: MediaTrackConstraints = {
  echoCancellation: true,
  noiseSuppression: true,
  autoGainControl: true,
};

export const SIMULCAST_ENCODINGS: readonly RTCRtpEncodingParameters[] = [
  { rid: 'h', maxBitrate: 800_000, scaleResolutionDownBy: 1, maxFramerate: 24 },
  { rid: 'm', maxBitrate: 300_000, scaleResolutionDownBy: 2, maxFramerate: 24 },
  { rid: 'l', maxBitrate: 100_000, scaleResolutionDownBy: 4, maxFramerate: 15 },
];

/** Where simulcast is refused: one layer, about the medium one's cost. */
export const SINGLE_ENCODING: readonly RTCRtpEncodingParameters[] = [{ maxBitrate: 500_000, maxFramerate: 24 }];

/** Codec names the browser reports, e.g. "video/VP8". */
export function orderCodecs<C extends { mimeType: string }>(codecs: readonly C[], preferred: string): C[] {
  const wanted = preferred.toLowerCase();
  const first = codecs.filter((c) => c.mimeType.toLowerCase() === wanted);
  const rest = codecs.filter((c) => c.mimeType.toLowerCase() !== wanted);
  return [...first, ...rest];
}

/**
 * Puts VP8 first on a video transceiver: every browser decodes it in software cheaply and the
 * SFU's simulcast works best with it. Browsers disagree on which capability list
 * setCodecPreferences accepts for a send-only transceiver (receiver's per the older spec,
 * sender's per the newer), so try both and keep the browser's default if neither is accepted.
 */
export function preferVp8(transceiver: RTCRtpTransceiver): void {
  if (typeof transceiver.setCodecPreferences !== 'function') return;
  const lists = [
    typeof RTCRtpReceiver === 'undefined' ? undefined : RTCRtpReceiver.getCapabilities?.('video')?.codecs,
    typeof RTCRtpSender === 'undefined' ? undefined : RTCRtpSender.getCapabilities?.('video')?.codecs,
  ];
  for (const codecs of lists) {
    if (!codecs?.some((c) => c.mimeType.toLowerCase() === 'video/vp8')) continue;
    try {
      transceiver.setCodecPreferences(orderCodecs(codecs, 'video/VP8'));
      return;
    } catch (error) {
      log.debug('setCodecPreferences refused a capability list', error);
    }
  }
}

/**
 * Adds the camera transceiver with three simulcast encodings, or one where the browser
 * refuses simulcast. `track` may be null: the camera is off but may be turned on later
 * without renegotiating (replaceTrack).
 */
export function addCameraTransceiver(pc: RTCPeerConnection, track: MediaStreamTrack | null, stream: MediaStream): RTCRtpTransceiver {
  const init = (sendEncodings: readonly RTCRtpEncodingParameters[]): RTCRtpTransceiverInit => ({
    direction: 'sendonly',
    streams: [stream],
    sendEncodings: sendEncodings.map((e) => ({ ...e })),
  });
  let transceiver: RTCRtpTransceiver;
  try {
    transceiver = pc.addTransceiver(track ?? 'video', init(SIMULCAST_ENCODINGS));
  } catch (error) {
    log.info('simulcast refused; sending one layer', error);
    transceiver = pc.addTransceiver(track ?? 'video', init(SINGLE_ENCODING));
  }
  preferVp8(transceiver);
  return transceiver;
}

export function addMicrophoneTransceiver(pc: RTCPeerConnection, track: MediaStreamTrack | null, stream: MediaStream): RTCRtpTransceiver {
  return pc.addTransceiver(track ?? 'audio', { direction: 'sendonly', streams: [stream] });
}

/**
 * A shared screen: one encoding (a screen is read, not glanced at, so no simulcast layers that
 * blur the text), a modest frame rate, and the resolution kept over the frame rate when the
 * link is poor. The SFU relays it in HIGH to everyone.
 */
export const SCREEN_ENCODING: RTCRtpEncodingParameters = { maxBitrate: 1_200_000, maxFramerate: 15 };

export function addScreenTransceiver(pc: RTCPeerConnection, track: MediaStreamTrack | null, stream: MediaStream): RTCRtpTransceiver {
  const transceiver = pc.addTransceiver(track ?? 'video', { direction: 'sendonly', streams: [stream], sendEncodings: [{ ...SCREEN_ENCODING }] });
  preferVp8(transceiver);
  return transceiver;
}
