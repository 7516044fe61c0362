/** A live room for the tests of the room and its features: a lesson of 8A1, a teacher, students. */
import { ManualClock, silentLogger } from '../../platform/index.js';
import { LessonRoom, type JoinIdentity, type LessonActivity, type LessonSettings, type LiveFeatureFactory } from '../liveRoom/index.js';

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
