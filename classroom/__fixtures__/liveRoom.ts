/** A live room for the tests of the room and its features: a lesson of 8A1, a teacher, students. */
import { ManualClock, silentLogger } from '../../platform/index.js';
import {
  LessonRoom,
  type JoinIdentity,
  type KeptLessonState,
  type LessonActivity,
  type LessonSettings,
  type LessonStateStore,
  type LiveFeatureFactory,
} from '../liveRoom/index.js';

export const lesson = {
  id: 'lesson-1',
  title: 'Toán 8 - Phương trình bậc nhất',
  className: '8A1',
  subjectName: 'Toán',
  teacherName: 'Nguyễn Thị Hoa',
  scheduledStartMs: 0,
  scheduledEndMs: 0,
};
export const teacher: JoinIdentity = { userId: 'u-t', displayName: 'Cô Hoa', role: 'teacher', classMember: true };
export const student = (n: number): JoinIdentity => ({ userId: `u-s${n}`, displayName: `Học sinh ${n}`, role: 'student', classMember: true });
export const media = { micOn: true, cameraOn: true };

/** A room on a manual clock, with the given live features; `activity` collects attendance facts. */
export function makeRoom(settings: Partial<LessonSettings> = {}, features: readonly LiveFeatureFactory[] = []) {
  const clock = new ManualClock();
  const room = new LessonRoom({ lesson, settings, clock, logger: silentLogger(), reconnectGraceMs: 20_000, features });
  const activity: LessonActivity[] = [];
  room.on('activity', (a) => activity.push(a));
  return { room, clock, activity };
}

export async function admittedId(room: LessonRoom, who: JoinIdentity): Promise<string> {
  const r = await room.join(who, media);
  return r.participant.id;
}

/**
 * A LessonStateStore in a Map, with each write's TTL recorded (the real ones are the cluster's,
 * contract-tested in cluster/). Classroom tests do not import cluster/.
 */
export class MapLessonState implements LessonStateStore {
  readonly values = new Map<string, Map<string, string>>();
  readonly lists = new Map<string, Map<string, string[]>>();
  readonly ttls: number[] = [];
  cleared = 0;

  async put(lessonId: string, slot: string, value: string, ttlMs: number): Promise<void> {
    this.ttls.push(ttlMs);
    const m = this.values.get(lessonId) ?? new Map<string, string>();
    m.set(slot, value);
    this.values.set(lessonId, m);
  }

  async append(lessonId: string, slot: string, value: string, max: number, ttlMs: number): Promise<void> {
    this.ttls.push(ttlMs);
    const m = this.lists.get(lessonId) ?? new Map<string, string[]>();
    m.set(slot, [...(m.get(slot) ?? []), value].slice(-max));
    this.lists.set(lessonId, m);
  }

  async load(lessonId: string): Promise<KeptLessonState> {
    return {
      values: Object.fromEntries(this.values.get(lessonId) ?? []),
      lists: Object.fromEntries([...(this.lists.get(lessonId) ?? [])].map(([k, v]) => [k, [...v]])),
    };
  }

  async clear(lessonId: string): Promise<void> {
    this.cleared++;
    this.values.delete(lessonId);
    this.lists.delete(lessonId);
  }
}

/**
 * The rooms of one lesson one after another on one store, as on the nodes of a cluster: the
 * next room is made from what the last one kept (after a crash, a drain, or everyone left).
 */
export function keptRooms(features: readonly LiveFeatureFactory[], options: { chatHistory?: number } = {}) {
  const store = new MapLessonState();
  const clock = new ManualClock();
  const activity: LessonActivity[] = [];
  const next = async (settings: Partial<LessonSettings> = { autoAdmit: true }) => {
    const room = new LessonRoom({
      lesson,
      settings,
      clock,
      logger: silentLogger(),
      reconnectGraceMs: 20_000,
      features,
      kept: { restored: await store.load(lesson.id), store },
      ...(options.chatHistory ? { chatHistory: options.chatHistory } : {}),
    });
    room.on('activity', (a) => activity.push(a));
    return room;
  };
  return { store, clock, activity, next };
}
