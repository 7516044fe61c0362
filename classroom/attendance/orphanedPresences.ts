/**
 * After a crash (issue 13.3) the participation log holds presences that were never closed: the
 * server died before it could record the leaves. Left open they would count until the end of the
 * lesson. Each is closed at the last moment the server could vouch for it: its liveness mark
 * (written periodically while it hosted the lesson), or a later fact of that participant (the
 * server saw them then). Devices still on are turned off at the same moment, so device time
 * never outlives presence. The leave reason is "disconnected": for a participant who comes back
 * it reads as a reconnection, and the usual grace rule of the attendance table applies.
 */
import type { ParticipationEvent } from './AttendanceTypes.js';

type Device = 'mic' | 'camera' | 'screen';

interface Open {
  lastAt: number;
  devices: Set<Device>;
}

const DEVICE: Partial<Record<ParticipationEvent['kind'], [Device, boolean]>> = {
  mic_on: ['mic', true],
  mic_off: ['mic', false],
  camera_on: ['camera', true],
  camera_off: ['camera', false],
  screen_on: ['screen', true],
  screen_off: ['screen', false],
};

/**
 * The events that close the presences still open in `events` (one lesson's, in time order), as
 * of `aliveAt`. Folds them the way the attendance table does: a join opens (a second one while
 * open opens nothing), a leave closes, device events count only while open.
 */
export function closeOrphanedPresences(lessonId: string, events: readonly ParticipationEvent[], aliveAt: number): ParticipationEvent[] {
  const open = new Map<string, Open>();
  for (const e of events) {
    const o = open.get(e.userId);
    if (e.kind === 'join') {
      if (o) o.lastAt = e.at;
      else open.set(e.userId, { lastAt: e.at, devices: new Set() });
      continue;
    }
    if (!o) continue;
    o.lastAt = e.at;
    if (e.kind === 'leave') {
      open.delete(e.userId);
      continue;
    }
    const device = DEVICE[e.kind];
    if (device) {
      if (device[1]) o.devices.add(device[0]);
      else o.devices.delete(device[0]);
    }
  }
  const closes: ParticipationEvent[] = [];
  for (const [userId, o] of open) {
    const at = Math.max(aliveAt, o.lastAt);
    for (const d of (['mic', 'camera', 'screen'] as const).filter((x) => o.devices.has(x))) closes.push({ lessonId, userId, kind: `${d}_off`, at });
    closes.push({ lessonId, userId, kind: 'leave', reason: 'disconnected', at });
  }
  return closes;
}
