import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../testkit/postgres.js';
import { openStorage } from './openStorage.js';
import type { Storage, StorageConfigInput } from './StorageTypes.js';

const writer = fileURLToPath(new URL('./__fixtures__/durabilityWriter.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

/** The school, class and lesson the writer's rows point to. */
async function prepare(config: StorageConfigInput): Promise<void> {
  const s = await openStorage(config);
  await s.schools.createSchool({ id: 'sch_durable', name: 'Trường', createdAt: 0 });
  await s.schools.addGrade({ id: 'grd_durable', schoolId: 'sch_durable', name: 'Khối 6', level: 6 });
  await s.schools.addClass({ id: 'cls_durable', schoolId: 'sch_durable', gradeId: 'grd_durable', name: '6A' });
  await s.schools.addSubject({ id: 'sub_durable', schoolId: 'sch_durable', name: 'Toán' });
  const passwordHash = 'x';
  await s.accounts.create({ id: 'usr_t', schoolId: 'sch_durable', role: 'teacher', code: '0990000001', username: null, displayName: 'Giáo Viên', passwordHash, mustChangePassword: false, disabled: false, createdAt: 0, updatedAt: 0, passwordChangedAt: null });
  await s.lessons.create({ id: 'les_durable', schoolId: 'sch_durable', classId: 'cls_durable', subjectId: 'sub_durable', teacherId: 'usr_t', title: 'T', scheduledStart: 0, scheduledEnd: 1, startedAt: null, endedAt: null, cancelledAt: null, passwordHash: null, createdAt: 0 });
  await s.close();
}

/**
 * Runs the writer and SIGKILLs it the moment it has acknowledged `writes` writes (calling
 * `alsoKill` at the same moment); resolves with the last acknowledged write.
 */
function runAndKill(config: StorageConfigInput, writes: number, alsoKill: () => void = () => undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, JSON.stringify(config)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let acked = 0;
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) acked = Math.max(acked, Number(line.slice(4)));
      if (acked >= writes && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        alsoKill();
      }
    });
    child.once('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`writer exited (${code}): ${stderr}`))));
  });
}

async function expectSurvived(s: Storage, acked: number): Promise<void> {
  const events = await s.attendance.eventsForLesson('les_durable');
  const users = new Set(events.map((e) => e.userId));
  for (let n = 1; n <= acked; n++) expect(users.has(`u_${n}`), `acknowledged event ${n} lost`).toBe(true);
  const roster = await s.schools.rosterOfClass('cls_durable');
  expect(roster.length).toBeGreaterThanOrEqual(Math.floor(acked / 10));
}

describe('acknowledged writes survive a crash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'classroom-durable-'));
  let pg: TestPostgres;
  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['full', 'normal'] as const)('SQLite (WAL, synchronous=%s): the server process is SIGKILLed right after acknowledging', async (synchronous) => {
    const config: StorageConfigInput = { engine: 'sqlite', sqlite: { dataDir: dir, fileName: `${synchronous}.sqlite`, synchronous } };
    await prepare(config);
    const acked = await runAndKill(config, 300);
    expect(acked).toBeGreaterThanOrEqual(300);
    const s = await openStorage(config);
    try {
      await expectSurvived(s, acked);
    } finally {
      await s.close();
    }
  });

  it('PostgreSQL: the server process is SIGKILLed right after acknowledging', async () => {
    const config: StorageConfigInput = { engine: 'postgres', postgres: { connectionString: pg.connectionString, schema: pg.newSchema() } };
    await prepare(config);
    const acked = await runAndKill(config, 300);
    const s = await openStorage(config);
    try {
      await expectSurvived(s, acked);
    } finally {
      await s.close();
    }
  });

  it('PostgreSQL: the database server itself is SIGKILLed at the same moment, and recovers every commit', async () => {
    const config: StorageConfigInput = { engine: 'postgres', postgres: { connectionString: pg.connectionString, schema: pg.newSchema() } };
    await prepare(config);
    let crashed: Promise<void> = Promise.resolve();
    const acked = await runAndKill(config, 300, () => (crashed = pg.crash()));
    await crashed;
    await pg.restart();
    const s = await openStorage({ ...config, postgres: { ...config.postgres, connectionString: pg.connectionString } });
    try {
      await expectSurvived(s, acked);
    } finally {
      await s.close();
    }
  });
});
