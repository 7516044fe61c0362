/**
 * Statistics bench (issue 11, R15): a seeded school year (bench/stats/school.ts: 2,000 students,
 * 60 teachers, 5,000 lessons with their attendance events, assignments with hand-ins and grades)
 * in the database of a real server process, then the time of the principal's page for term I
 * (GET /api/statistics as the school's admin) and of a teacher's own page, over HTTP, on SQLite
 * and on PostgreSQL. Prints one JSON line per engine:
 * {"engine","students","lessons","principalPageMs","teacherPageMs","dbMb",…}
 * - principalPageMs / teacherPageMs: median of `--runs` requests after a first (cold) one, which
 *   is printed too (coldPrincipalPageMs, coldTeacherPageMs);
 * - dbMb: the SQLite file after a checkpoint / the PostgreSQL schema's tables and indexes;
 * - summaryWaitMs: from the end of the load until the server's sweep (every second here) had folded
 *   the presence of every ended lesson into its summary (classroom/statistics presenceSummary.ts),
 *   which the pages then read. `--summaries off` turns the sweep off: every request folds all the
 *   events, as before the summaries (the figure to compare with).
 * The rows are written straight into the migrated database (not through the API: a year of
 * events would take hours); PostgreSQL is ANALYZEd after the load, as autovacuum would do.
 *
 *   npm run build && npm run bench:stats -- --students 2000 --lessons 5000
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hash } from '@node-rs/argon2';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startPostgres, type TestPostgres } from '../../testkit/postgres.js';
import { commandLine, log as makeLog, positive } from '../lib/cli.js';
import { startServer, type RunningServer } from '../lib/serverProcess.js';
import { randomSecret } from '../lib/token.js';
import { Http, percentile } from '../quiz/examHttp.js';
import { ADMIN_USERNAME, TERM, benchSchool, type BenchSchool, type Table } from './school.js';

const log = makeLog('stats');
const { values: v } = parseArgs({
  options: {
    students: { type: 'string', default: '2000' },
    lessons: { type: 'string', default: '5000' },
    teachers: { type: 'string', default: '60' },
    engines: { type: 'string', default: 'sqlite,postgres' },
    runs: { type: 'string', default: '5' },
    summaries: { type: 'string', default: 'on' },
    'keep-temp': { type: 'boolean', default: false },
  },
});
const students = Math.floor(positive(v.students, 'students', 2000));
const lessons = Math.floor(positive(v.lessons, 'lessons', 5000));
const teachers = Math.floor(positive(v.teachers, 'teachers', 60));
const runs = Math.floor(positive(v.runs, 'runs', 5));
const engines = (v.engines ?? '').split(',').map((e) => e.trim());
if (engines.some((e) => e !== 'sqlite' && e !== 'postgres')) throw new Error('--engines is a list of sqlite, postgres');
if (v.summaries !== 'on' && v.summaries !== 'off') throw new Error('--summaries is on or off');
const summaries = v.summaries === 'on';
const PASSWORD = 'Bench-Stats-2026!';

async function main(): Promise<void> {
  log(commandLine('bench/stats/main.ts'));
  const school = benchSchool({ students, lessons, teachers }, await hash(PASSWORD));
  log(`seed: ${school.tables.map((t) => `${t.name} ${t.rows.length}`).join(', ')}`);
  for (const engine of engines) await runEngine(engine as 'sqlite' | 'postgres', school);
}

async function runEngine(engine: 'sqlite' | 'postgres', school: BenchSchool): Promise<void> {
  let pgServer: TestPostgres | undefined;
  let server: RunningServer | undefined;
  try {
    let pgSchema = '';
    if (engine === 'postgres') {
      pgServer = await startPostgres();
      pgSchema = pgServer.newSchema();
    }
    const storage = pgServer ? { storage: { engine: 'postgres', postgres: { connectionString: pgServer.connectionString, schema: pgSchema } } } : {};
    const statistics = { statistics: { summaryIntervalMs: summaries ? 1000 : 0 } };
    server = await startServer({ linkSecret: randomSecret(), extraConfig: { ...storage, ...statistics }, ...(v['keep-temp'] ? { keepTemp: true } : {}), log });
    const t0 = Date.now();
    let dbMb: number;
    if (pgServer) {
      dbMb = await seedPostgres(pgServer.connectionString, pgSchema, school.tables);
    } else {
      const file = join(server.tempDir, 'data', 'classroom.sqlite');
      seedSqlite(file, school.tables);
      dbMb = statSync(file).size / 1_048_576;
    }
    log(`${engine}: seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${school.eventCount} attendance events`);
    const t1 = Date.now();
    if (summaries) await waitForSummaries(pgServer ? { pg: pgServer.connectionString, schema: pgSchema } : { sqlite: join(server.tempDir, 'data', 'classroom.sqlite') });
    const summaryWaitMs = summaries ? Date.now() - t1 : null;
    const principal = await signIn(server.baseUrl, ADMIN_USERNAME);
    const teacher = await signIn(server.baseUrl, school.teacherCode);
    const principalTimes = await timePage(principal, 'principal');
    const teacherTimes = await timePage(teacher, 'teacher');
    console.log(
      JSON.stringify({
        engine,
        students,
        lessons,
        principalPageMs: principalTimes.median,
        teacherPageMs: teacherTimes.median,
        dbMb: Math.round(dbMb * 10) / 10,
        coldPrincipalPageMs: principalTimes.cold,
        coldTeacherPageMs: teacherTimes.cold,
        summaries,
        summaryWaitMs,
        teachers,
        attendanceEvents: school.eventCount,
        runs,
        command: commandLine('bench/stats/main.ts'),
      }),
    );
  } finally {
    await server?.stop();
    await pgServer?.stop();
  }
}

async function signIn(base: string, login: string): Promise<Http> {
  const c = new Http(base);
  const r = await c.json('POST', '/api/auth/login', { login, password: PASSWORD });
  if (r.status !== 200) throw new Error(`login ${login}: ${r.status} ${JSON.stringify(r.body)}`);
  return c;
}

/** The page's one request, timed end to end; checks the answer has the term's lessons. */
async function timePage(c: Http, who: string): Promise<{ cold: number; median: number }> {
  const path = `/api/statistics?from=${TERM.from}&to=${TERM.to}`;
  const once = async () => {
    const t = performance.now();
    const r = await c.json<{ total?: { lessonsHeld: number; periodsTaught: number; attendanceRate: number | null } }>('GET', path);
    const ms = performance.now() - t;
    if (r.status !== 200 || !r.body.total || r.body.total.lessonsHeld === 0) throw new Error(`${who} page: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    return { ms, total: r.body.total };
  };
  const cold = await once();
  log(`${who}: ${cold.total.lessonsHeld} lessons held, ${cold.total.periodsTaught} periods, attendance ${((cold.total.attendanceRate ?? 0) * 100).toFixed(1)} %`);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await once()).ms);
  times.sort((a, b) => a - b);
  return { cold: Math.round(cold.ms), median: Math.round(percentile(times, 0.5)) };
}

/** Until every ended lesson has its presence summary (the server's sweep runs every second); 10 min at most. */
async function waitForSummaries(db: { sqlite: string } | { pg: string; schema: string }): Promise<void> {
  const sql = 'SELECT (SELECT COUNT(*) FROM lessons WHERE ended_at IS NOT NULL) AS ended, (SELECT COUNT(*) FROM lesson_presence_summaries) AS summarized';
  const read = async (): Promise<{ ended: number; summarized: number }> => {
    if ('sqlite' in db) {
      const conn = new Database(db.sqlite, { readonly: true });
      try {
        const r = conn.prepare(sql).get() as { ended: number; summarized: number };
        return { ended: Number(r.ended), summarized: Number(r.summarized) };
      } finally {
        conn.close();
      }
    }
    const client = new pg.Client({ connectionString: db.pg });
    await client.connect();
    try {
      await client.query(`SET search_path TO ${db.schema}`);
      const r = (await client.query<{ ended: string; summarized: string }>(sql)).rows[0];
      return { ended: Number(r?.ended ?? 0), summarized: Number(r?.summarized ?? 0) };
    } finally {
      await client.end();
    }
  };
  const end = Date.now() + 600_000;
  for (;;) {
    const r = await read();
    if (r.summarized >= r.ended) {
      log(`summaries: ${r.summarized} of ${r.ended} ended lessons`);
      return;
    }
    if (Date.now() > end) throw new Error(`only ${r.summarized} of ${r.ended} ended lessons summarized after 10 min`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function seedSqlite(file: string, tables: readonly Table[]): void {
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 10000');
    db.transaction(() => {
      for (const t of tables) {
        const insert = db.prepare(`INSERT INTO ${t.name} (${t.columns.join(', ')}) VALUES (${t.columns.map(() => '?').join(', ')})`);
        for (const row of t.rows) insert.run(row);
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** Multi-row INSERTs under the 65535-parameter limit; resolves with the schema's size in MB. */
async function seedPostgres(connectionString: string, schema: string, tables: readonly Table[]): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`SET search_path TO ${schema}`);
    await client.query('BEGIN');
    for (const t of tables) {
      const per = Math.floor(60_000 / t.columns.length);
      for (let i = 0; i < t.rows.length; i += per) {
        const chunk = t.rows.slice(i, i + per);
        const values = chunk.map((_, r) => `(${t.columns.map((__, c) => `$${r * t.columns.length + c + 1}`).join(', ')})`).join(', ');
        await client.query(`INSERT INTO ${t.name} (${t.columns.join(', ')}) VALUES ${values}`, chunk.flat());
      }
    }
    await client.query('COMMIT');
    await client.query('ANALYZE');
    const r = await client.query<{ bytes: string }>(
      "SELECT COALESCE(SUM(pg_total_relation_size(quote_ident(schemaname) || '.' || quote_ident(tablename))), 0) AS bytes FROM pg_tables WHERE schemaname = $1",
      [schema],
    );
    return Number(r.rows[0]?.bytes ?? 0) / 1_048_576;
  } finally {
    await client.end();
  }
}

main().catch((err: unknown) => {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
