import { batch, computed, signal } from '@preact/signals';
import {
  acquire,
  classifyMediaError,
  listDevices,
  openCamera,
  openMicrophone,
  type DeviceLists,
  type DeviceProblem,
  type LocalSource,
} from '../media/index.js';
import { t } from '../i18n/index.js';
import { log } from '../util/log.js';
import { showNotice } from './connection.js';

/** localStorage keys of the chosen devices. */
const MIC_KEY = 'classroom.microphoneId';
const CAMERA_KEY = 'classroom.cameraId';

function stored(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function store(key: string, value: string | null): void {
  try {
    if (value) globalThis.localStorage?.setItem(key, value);
    else globalThis.localStorage?.removeItem(key);
  } catch {
    // not remembered
  }
}

/** Our microphone and camera: what the user wants, the live tracks, the devices. */
export const micOn = signal(false);
export const cameraOn = signal(true);
export const micTrack = signal<MediaStreamTrack | null>(null);
export const cameraTrack = signal<MediaStreamTrack | null>(null);
/** The device exists and may be used: a transceiver is kept for it even while it is off. */
export const micAvailable = signal(false);
export const cameraAvailable = signal(false);
export const micProblem = signal<DeviceProblem | null>(null);
export const cameraProblem = signal<DeviceProblem | null>(null);
export const devices = signal<DeviceLists>({ cameras: [], microphones: [] });
export const micDeviceId = signal<string | null>(stored(MIC_KEY));
export const cameraDeviceId = signal<string | null>(stored(CAMERA_KEY));
/** Asking for permission / opening a device: the toggles wait. */
export const mediaBusy = signal(false);
export const devicesPrepared = signal(false);

/** A stream of the camera alone, for the local preview. */
export const previewStream = computed(() => (cameraTrack.value ? new MediaStream([cameraTrack.value]) : null));

/** Where changes of our devices go once we are in a lesson (the session). */
export interface SelfMediaSink {
  sourceChanged(source: LocalSource, track: MediaStreamTrack | null, available: boolean): Promise<void>;
  /** The screen share started (a track) or stopped (null); rejects when the SFU refuses it. */
  screenChanged(track: MediaStreamTrack | null): Promise<void>;
  mediaStateChanged(): void;
}

let sink: SelfMediaSink | null = null;

export function connectSelfMedia(next: SelfMediaSink | null): void {
  sink = next;
}

/** The session's sink while in a lesson (screenShare.ts needs it too). */
export function selfMediaSink(): SelfMediaSink | null {
  return sink;
}

/** Defaults for the join page: a teacher speaks, a class of students starts muted. */
export function setJoinDefaults(role: 'teacher' | 'student' | null): void {
  batch(() => {
    micOn.value = role === 'teacher';
    cameraOn.value = true;
  });
}

/**
 * Asks for both devices (one permission prompt), remembers which exist, and lists them.
 * The camera is released at once if the user chose to join with it off (the light goes off).
 */
export async function prepareDevices(): Promise<void> {
  if (mediaBusy.value) return;
  mediaBusy.value = true;
  try {
    stopTracks();
    const result = await acquire({ microphone: true, camera: true, microphoneId: micDeviceId.value, cameraId: cameraDeviceId.value });
    batch(() => {
      micProblem.value = result.microphoneProblem;
      cameraProblem.value = result.cameraProblem;
      micAvailable.value = result.microphone !== null;
      cameraAvailable.value = result.camera !== null;
      if (result.microphone) result.microphone.enabled = micOn.value;
      setMicTrack(result.microphone);
      if (result.camera && !cameraOn.value) result.camera.stop();
      setCameraTrack(cameraOn.value ? result.camera : null);
      if (!result.microphone) micOn.value = false;
      if (!result.camera) cameraOn.value = false;
    });
    // A join clicked before the devices were ready already started the lesson's media without
    // them: hand the lesson the tracks now, or the teacher would be heard and seen by nobody.
    sink?.sourceChanged('microphone', micTrack.value, micAvailable.value);
    sink?.sourceChanged('camera', cameraTrack.value, cameraAvailable.value);
    devices.value = await listDevices();
  } finally {
    batch(() => {
      mediaBusy.value = false;
      devicesPrepared.value = true;
    });
  }
}

export async function setMicOn(on: boolean): Promise<void> {
  if (on && !liveTrack(micTrack.value)) {
    const track = await openDevice('microphone');
    if (!track) return;
    setMicTrack(track);
    micAvailable.value = true;
    await sink?.sourceChanged('microphone', track, true);
  }
  // Muting disables the track: the sender then sends silence frames, nothing audible.
  const track = micTrack.value;
  if (track) track.enabled = on;
  micOn.value = on && track !== null;
  sink?.mediaStateChanged();
}

export async function setCameraOn(on: boolean): Promise<void> {
  if (on) {
    if (!liveTrack(cameraTrack.value)) {
      const track = await openDevice('camera');
      if (!track) return;
      setCameraTrack(track);
      cameraAvailable.value = true;
    }
    cameraOn.value = true;
    await sink?.sourceChanged('camera', cameraTrack.value, true);
  } else {
    const track = cameraTrack.value;
    cameraOn.value = false;
    setCameraTrack(null);
    // Detach first, then stop: the camera light goes off and nothing more is sent.
    await sink?.sourceChanged('camera', null, cameraAvailable.value);
    track?.stop();
  }
  sink?.mediaStateChanged();
}

export function toggleMic(): Promise<void> {
  return setMicOn(!micOn.value);
}

export function toggleCamera(): Promise<void> {
  return setCameraOn(!cameraOn.value);
}

/** Switches to another camera; the new one is opened before the old one is released. */
export async function chooseCamera(deviceId: string): Promise<void> {
  cameraDeviceId.value = deviceId;
  store(CAMERA_KEY, deviceId);
  if (!cameraOn.value) return;
  const old = cameraTrack.value;
  const track = await openDevice('camera');
  if (!track) return;
  setCameraTrack(track);
  await sink?.sourceChanged('camera', track, true);
  old?.stop();
}

export async function chooseMicrophone(deviceId: string): Promise<void> {
  micDeviceId.value = deviceId;
  store(MIC_KEY, deviceId);
  const old = micTrack.value;
  const track = await openDevice('microphone');
  if (!track) return;
  track.enabled = micOn.value;
  setMicTrack(track);
  await sink?.sourceChanged('microphone', track, true);
  old?.stop();
}

async function openDevice(source: LocalSource): Promise<MediaStreamTrack | null> {
  if (mediaBusy.value) return null;
  mediaBusy.value = true;
  try {
    const track = source === 'camera' ? await openCamera(cameraDeviceId.value) : await openMicrophone(micDeviceId.value);
    (source === 'camera' ? cameraProblem : micProblem).value = null;
    if (devices.value.cameras.length + devices.value.microphones.length === 0) devices.value = await listDevices();
    return track;
  } catch (error) {
    log.warn(`could not open the ${source}`, error);
    const problem = classifyMediaError(error);
    (source === 'camera' ? cameraProblem : micProblem).value = problem;
    showNotice(t(`media.problem.${problem}`), 8000);
    return null;
  } finally {
    mediaBusy.value = false;
  }
}

function liveTrack(track: MediaStreamTrack | null): track is MediaStreamTrack {
  return track !== null && track.readyState === 'live';
}

/** The OS or the user took the device away (unplugged, revoked): show it as off. */
function setMicTrack(track: MediaStreamTrack | null): void {
  micTrack.value = track;
  if (track) track.onended = () => micTrack.value === track && void setMicOn(false);
}

function setCameraTrack(track: MediaStreamTrack | null): void {
  cameraTrack.value = track;
  if (track) track.onended = () => cameraTrack.value === track && void setCameraOn(false);
}

function stopTracks(): void {
  micTrack.value?.stop();
  cameraTrack.value?.stop();
  micTrack.value = null;
  cameraTrack.value = null;
}

/** Releases both devices (leaving, final screen). */
export function stopLocalMedia(): void {
  stopTracks();
}

export function resetSelfMedia(): void {
  batch(() => {
    stopTracks();
    micOn.value = false;
    cameraOn.value = true;
    micAvailable.value = false;
    cameraAvailable.value = false;
    micProblem.value = null;
    cameraProblem.value = null;
    devices.value = { cameras: [], microphones: [] };
    mediaBusy.value = false;
    devicesPrepared.value = false;
  });
}
