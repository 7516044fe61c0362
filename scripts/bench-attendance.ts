/**
 * Attendance write benchmark: N simulated students in one lesson, each appending its
 * participation events one by one (as the live room does, one durable commit per event), all
 * students at once. Prints one JSON line per engine:
 *   {"engine":"sqlite","eventsPerSec":...,"p99Ms":...,...}
 * PostgreSQL is a throwaway local cluster started like the tests do (fsync on).
 *
 *   npx tsx scripts/bench-attendance.ts [--students 200] [--events 20] [--engines sqlite,sqlite-normal,postgres]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParticipationEvent, ParticipationKind, Storage, StorageConfigInput } from '../classroom/index.js';
import { openStorage } from '../classroom/index.js';
import { startPostgres, type TestPostgres } from '../testkit/postgres.js';

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '200' },
    events: { type: 'string', default: '20' },
    engines: { type: 'string', default: 'sqlite,sqlite-normal,postgres' },
  },
});
const students = Number(values.students);
const eventsPerStudent = Number(values.events);
const command = `npx tsx scripts/bench-attendance.ts --students ${students} --events ${eventsPerStudent} --engines ${values.engines}`;

const CYCLE: ParticipationKind[] = ['camera_on', 'mic_on', 'hand_raised', 'chat_message', 'mic_off', 'camera_off', 'chat_message'];

async function seed(s: Storage): Promise<void> {
  await s.schools.createSchool({ id: 'sch_b', name: 'Bench', createdAt: 0 });
  await s.schools.addGrade({ id: 'grd_b', schoolId: 'sch_b', name: 'Khối 10', level: 10 });
  await s.schools.addClass({ id: 'cls_b', schoolId: 'sch_b', gradeId: 'grd_b', name: '10A1' });
  await s.schools.addSubject({ id: 'sub_b', schoolId: 'sch_b', name: 'Toán' });
  await s.accounts.create({ id: 'usr_t', schoolId: 'sch_b', role: 'teacher', code: '0990000001', username: null, displayName: 'Giáo Viên', passwordHash: 'x', mustChangePassword: false, disabled: false, createdAt: 0, updatedAt: 0, passwordChangedAt: null });
  await s.lessons.create({ id: 'les_b', schoolId: 'sch_b', classId: 'cls_b', subjectId: 'sub_b', teacherId: 'usr_t', title: 'Bench', scheduledStart: 0, scheduledEnd: 1, startedAt: 0, endedAt: null, cancelledAt: null, passwordHash: null, createdAt: 0 });
}

function eventOf(student: number, i: number): ParticipationEvent {
  const base = { lessonId: 'les_b', userId: `u_${student}`, at: Date.now() };
  if (i === 0) return { ...base, kind: 'join' };
  if (i === eventsPerStudent - 1) return { ...base, kind: 'leave', reason: 'left' };
  return { ...base, kind: CYCLE[(i - 1) % CYCLE.length] as Exclude<ParticipationKind, 'leave'> } as ParticipationEvent;
}

async function bench(engine: string, config: StorageConfigInput): Promise<void> {
  const storage = await openStorage(config);
  await seed(storage);
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: students }, async (_, student) => {
      for (let i = 0; i < eventsPerStudent; i++) {
        const t0 = performance.now();
        await storage.attendance.append(eventOf(student, i));
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const stored = (await storage.attendance.eventsForLesson('les_b')).length;
  await storage.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0).toFixed(2));
  if (stored !== students * eventsPerStudent) throw new Error(`${engine}: stored ${stored} events, expected ${students * eventsPerStudent}`);
  console.log(JSON.stringify({ engine, students, events: stored, eventsPerSec: Math.round(stored / seconds), p50Ms: pct(0.5), p99Ms: pct(0.99), command }));
}

const dir = mkdtempSync(join(tmpdir(), 'bench-attendance-'));
let pg: TestPostgres | undefined;
try {
  for (const engine of String(values.engines).split(',')) {
    if (engine === 'sqlite') await bench(engine, { engine: 'sqlite', sqlite: { dataDir: dir, fileName: 'full.sqlite', synchronous: 'full' } });
    else if (engine === 'sqlite-normal') await bench(engine, { engine: 'sqlite', sqlite: { dataDir: dir, fileName: 'normal.sqlite', synchronous: 'normal' } });
    else if (engine === 'postgres') {
      pg = await startPostgres();
      await bench(engine, { engine: 'postgres', postgres: { connectionString: pg.connectionString, poolSize: 10 } });
    } else throw new Error(`unknown engine ${engine}`);
  }
} finally {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}
