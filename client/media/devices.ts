import { log } from '../util/log.js';
import { CAMERA_CONSTRAINTS, MICROPHONE_CONSTRAINTS } from './encodings.js';

/**
 * Why a device could not be opened:
 * - denied: the user or the browser's settings block it;
 * - not-found: no such device on this machine;
 * - in-use: another app holds it (common on Windows and Android for cameras);
 * - unsupported: no getUserMedia here (an old in-app browser, or a page not served over HTTPS);
 * - failed: anything else.
 */
export type DeviceProblem = 'denied' | 'not-found' | 'in-use' | 'unsupported' | 'failed';

export interface DeviceInfo {
  deviceId: string;
  label: string;
}

export interface DeviceLists {
  cameras: DeviceInfo[];
  microphones: DeviceInfo[];
}

export interface AcquireResult {
  microphone: MediaStreamTrack | null;
  camera: MediaStreamTrack | null;
  microphoneProblem: DeviceProblem | null;
  cameraProblem: DeviceProblem | null;
}

export function mediaDevicesSupported(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';
}

export function classifyMediaError(error: unknown): DeviceProblem {
  const name = error instanceof Error || (error && typeof error === 'object' && 'name' in error) ? String((error as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'not-found';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'in-use';
    default:
      return 'failed';
  }
}

function audioConstraints(deviceId: string | null): MediaTrackConstraints {
  return deviceId ? { ...MICROPHONE_CONSTRAINTS, deviceId: { exact: deviceId } } : MICROPHONE_CONSTRAINTS;
}

function videoConstraints(deviceId: string | null): MediaTrackConstraints {
  return deviceId ? { ...CAMERA_CONSTRAINTS, deviceId: { exact: deviceId } } : CAMERA_CONSTRAINTS;
}

async function openOne(kind: 'audio' | 'video', deviceId: string | null): Promise<MediaStreamTrack> {
  const constraints = kind === 'audio' ? { audio: audioConstraints(deviceId) } : { video: videoConstraints(deviceId) };
  try {
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    const track = kind === 'audio' ? stream.getAudioTracks()[0] : stream.getVideoTracks()[0];
    if (!track) throw new DOMException('no track', 'NotFoundError');
    return track;
  } catch (error) {
    // A remembered device that is gone (unplugged webcam): fall back to the default one.
    if (deviceId && classifyMediaError(error) === 'not-found') return openOne(kind, null);
    throw error;
  }
}

/** Opens the microphone; `deviceId` null = the default one. */
export function openMicrophone(deviceId: string | null = null): Promise<MediaStreamTrack> {
  return openOne('audio', deviceId);
}

/** Opens the camera; `deviceId` null = the default one. */
export function openCamera(deviceId: string | null = null): Promise<MediaStreamTrack> {
  return openOne('video', deviceId);
}

/**
 * Opens what is wanted with a single permission prompt when possible, then one device at a
 * time if that fails, so that a missing camera does not also cost the microphone.
 */
export async function acquire(want: { microphone: boolean; camera: boolean; microphoneId?: string | null; cameraId?: string | null }): Promise<AcquireResult> {
  const result: AcquireResult = { microphone: null, camera: null, microphoneProblem: null, cameraProblem: null };
  if (!mediaDevicesSupported()) {
    if (want.microphone) result.microphoneProblem = 'unsupported';
    if (want.camera) result.cameraProblem = 'unsupported';
    return result;
  }
  if (!want.microphone && !want.camera) return result;
  if (want.microphone && want.camera) {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: audioConstraints(want.microphoneId ?? null),
        video: videoConstraints(want.cameraId ?? null),
      });
      result.microphone = stream.getAudioTracks()[0] ?? null;
      result.camera = stream.getVideoTracks()[0] ?? null;
      if (result.microphone && result.camera) return result;
      result.microphone?.stop();
      result.camera?.stop();
      result.microphone = null;
      result.camera = null;
    } catch (error) {
      log.info('joint getUserMedia failed; trying each device', error);
    }
  }
  if (want.microphone) {
    try {
      result.microphone = await openMicrophone(want.microphoneId ?? null);
    } catch (error) {
      result.microphoneProblem = classifyMediaError(error);
    }
  }
  if (want.camera) {
    try {
      result.camera = await openCamera(want.cameraId ?? null);
    } catch (error) {
      result.cameraProblem = classifyMediaError(error);
    }
  }
  return result;
}

/** Cameras and microphones; labels are only known once a permission was granted. */
export async function listDevices(): Promise<DeviceLists> {
  if (typeof navigator.mediaDevices?.enumerateDevices !== 'function') return { cameras: [], microphones: [] };
  try {
    const devices = await navigator.mediaDevices.enumerateDevices();
    const pick = (kind: MediaDeviceKind) =>
      devices
        .filter((d) => d.kind === kind && d.deviceId !== '' && d.deviceId !== 'communications')
        .map((d, i) => ({ deviceId: d.deviceId, label: d.label || `${kind === 'videoinput' ? 'Camera' : 'Micro'} ${i + 1}` }));
    return { cameras: pick('videoinput'), microphones: pick('audioinput') };
  } catch (error) {
    log.warn('enumerateDevices failed', error);
    return { cameras: [], microphones: [] };
  }
}

/** Whether this browser can share a screen (phones and in-app browsers usually cannot). */
export function screenShareSupported(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';
}

/**
 * Asks the user for a screen, window or tab to share (the browser's own picker). The track is
 * marked as "detail" content so that the encoder keeps text sharp rather than motion smooth.
 * Rejects with the browser's error when the user cancels (NotAllowedError).
 */
export async function openScreen(): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 15 } }, audio: false });
  const track = stream.getVideoTracks()[0];
  if (!track) throw new DOMException('no screen track', 'NotFoundError');
  try {
    track.contentHint = 'detail';
  } catch {
    // not supported: the browser's default
  }
  return track;
}
