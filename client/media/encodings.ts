/**
 * Camera capture and simulcast. 960x540 at up to 24 fps is enough for a face and a paper held
 * up to the camera, and light enough for a cheap phone to encode three layers; the SFU forwards
 * one per subscriber.
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

/**
 * The camera's three simulcast layers, ordered low -> high: mediasoup numbers spatial layers in
 * the order of the encodings (docs/protocol.md); the rids are mediasoup-client's.
 */
export const CAMERA_ENCODINGS: readonly RTCRtpEncodingParameters[] = [
  { maxBitrate: 100_000, scaleResolutionDownBy: 4, maxFramerate: 15 },
  { maxBitrate: 300_000, scaleResolutionDownBy: 2, maxFramerate: 24 },
  { maxBitrate: 800_000, scaleResolutionDownBy: 1, maxFramerate: 24 },
];

/** Where simulcast is refused: one layer, about the medium one's cost. */
export const SINGLE_ENCODING: readonly RTCRtpEncodingParameters[] = [{ maxBitrate: 500_000, maxFramerate: 24 }];

/**
 * A shared screen: one encoding (a screen is read, not glanced at, so no simulcast layers that
 * blur the text), a modest frame rate, and the resolution kept over the frame rate when the
 * link is poor. The SFU relays it in HIGH to everyone.
 */
export const SCREEN_ENCODING: RTCRtpEncodingParameters = { maxBitrate: 1_200_000, maxFramerate: 15 };
