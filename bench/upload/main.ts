/**
 * bench:upload — N students each upload three 3 MB photos at once over loopback, with the tus
 * protocol, to the BUILT server (started as a child process on a fresh data folder), then hand
 * them in. Prints ONE JSON line:
 *   {"students","files","mbPerS","fileP50Ms","fileP99Ms","rssBeforeMb","rssPeakMb","rssAfterMb","hashMismatches"}
 * mbPerS: megabytes (10^6) of file content per second of wall time, all uploads together;
 * fileP50Ms/P99Ms: from creating an upload to the 204 of its last PATCH (finished and stored);
 * rss*: the server process's resident memory before the uploads, the highest seen while they
 * ran (sampled every 50 ms), and 2 s after; hashMismatches: files whose SHA-256 as stored by the
 * server (answered by the hand-in) differs from what was sent.
 *
 *   npm run bench:upload -- --students 100 [--files 3] [--mb 3]
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { commandLine, positive } from '../lib/cli.js';
import { readRssKb } from '../lib/procfs.js';
import { startServer, type RunningServer } from '../lib/serverProcess.js';
import { HttpSession } from './session.js';

const { values } = parseArgs({ options: { students: { type: 'string' }, files: { type: 'string' }, mb: { type: 'string' } } });
const STUDENTS = positive(values.students, 'students', 100);
const FILES = positive(values.files, 'files', 3);
const FILE_BYTES = Math.round(positive(values.mb, 'mb', 3) * 1024 * 1024);
const BLOCK = 64 * 1024;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** A "photo": a JPEG start, then one random 64 KiB block repeated (memory stays small), then a JPEG end. */
function photo(): { block: Buffer; sha256: string } {
  const block = randomBytes(BLOCK);
  block.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00], 0);
  const hash = createHash('sha256');
  for (let sent = 0; sent < FILE_BYTES; sent += BLOCK) hash.update(block.subarray(0, Math.min(BLOCK, FILE_BYTES - sent)));
  return { block, sha256: hash.digest('hex') };
}

const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

/** One tus upload: POST (create) then one PATCH streaming the whole file. Resolves with the upload id. */
function tusUpload(base: string, cookie: string, assignmentId: string, name: string, block: Buffer): Promise<string> {
  const meta = (k: string, v: string) => `${k} ${Buffer.from(v).toString('base64')}`;
  const headers = { cookie, 'tus-resumable': '1.0.0' };
  return new Promise((resolve, reject) => {
    const create = request(`${base}/api/uploads`, { method: 'POST', agent, headers: { ...headers, 'upload-length': String(FILE_BYTES), 'upload-metadata': [meta('filename', name), meta('purpose', 'submission'), meta('targetId', assignmentId)].join(',') } }, (res) => {
      res.resume();
      const location = res.headers.location;
      if (res.statusCode !== 201 || !location) return reject(new Error(`create: ${res.statusCode}`));
      const url = new URL(location, `${base}/api/uploads/`);
      const patch = request(url, { method: 'PATCH', agent, headers: { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(FILE_BYTES) } }, (r) => {
        r.resume();
        r.on('end', () => (r.statusCode === 204 ? resolve(url.pathname.split('/').pop() ?? '') : reject(new Error(`patch: ${r.statusCode}`))));
      });
      patch.on('error', reject);
      let sent = 0;
      const pump = () => {
        while (sent < FILE_BYTES) {
          const n = Math.min(BLOCK, FILE_BYTES - sent);
          sent += n;
          if (!patch.write(block.subarray(0, n))) return void patch.once('drain', pump);
        }
        patch.end();
      };
      pump();
    });
    create.on('error', reject);
    create.end();
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function run(server: RunningServer): Promise<void> {
  const base = server.baseUrl;
  const admin = readFileSync(server.logFile, 'utf8').match(/tên đăng nhập "([^"]+)", mật khẩu tạm "([^"]+)"/);
  if (!admin) throw new Error('the server printed no admin login (a fresh data folder prints one)');
  const { teacher, students, assignmentId } = await HttpSession.setUpSchool(base, admin[1]!, admin[2]!, STUDENTS, log);
  void teacher;
  const photos = students.map(() => Array.from({ length: FILES }, photo));
  const rssBefore = readRssKb(server.pid);
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, readRssKb(server.pid))), 50);
  log(`${STUDENTS} students × ${FILES} files of ${FILE_BYTES} bytes, all at once`);
  const durations: number[] = [];
  const started = performance.now();
  const ids = await Promise.all(
    students.map((s, i) =>
      Promise.all(
        photos[i]!.map(async (p, j) => {
          const t0 = performance.now();
          const id = await tusUpload(base, s.cookie, assignmentId, `anh-${j + 1}.jpg`, p.block);
          durations.push(performance.now() - t0);
          return id;
        }),
      ),
    ),
  );
  const wall = (performance.now() - started) / 1000;
  clearInterval(sampler);
  let mismatches = 0;
  for (const [i, s] of students.entries()) {
    const answer = (await s.post(`/api/assignments/${assignmentId}/submissions`, { text: '', fileIds: ids[i] })) as { submission: { files: Array<{ sha256: string }> } };
    answer.submission.files.forEach((f, j) => (mismatches += f.sha256 === photos[i]![j]!.sha256 ? 0 : 1));
  }
  await new Promise((r) => setTimeout(r, 2000));
  const rssAfter = readRssKb(server.pid);
  durations.sort((a, b) => a - b);
  const mb = (kb: number) => Math.round(kb / 102.4) / 10;
  log(commandLine('bench/upload/main.ts'));
  process.stdout.write(
    `${JSON.stringify({
      students: STUDENTS,
      files: durations.length,
      mbPerS: Math.round(((durations.length * FILE_BYTES) / 1e6 / wall) * 10) / 10,
      fileP50Ms: Math.round(percentile(durations, 50)),
      fileP99Ms: Math.round(percentile(durations, 99)),
      rssBeforeMb: mb(rssBefore),
      rssPeakMb: mb(rssPeak),
      rssAfterMb: mb(rssAfter),
      hashMismatches: mismatches,
    })}\n`,
  );
}

const server = await startServer({ linkSecret: randomBytes(32).toString('base64url'), log, extraConfig: { assignments: { maxSubmissionBytes: 4 * FILES * FILE_BYTES } } });
try {
  await run(server);
} finally {
  agent.destroy();
  await server.stop();
}
