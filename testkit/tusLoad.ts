/**
 * Uploads many files at once over tus (a POST, then ONE streaming PATCH each, like a browser
 * without chunking), from a process of its own: the test that measures the server's memory runs
 * the server in-process, and the senders' buffers must not count. Run as
 * `node --import tsx testkit/tusLoad.ts` with TUS_LOAD_JOBS (JSON TusLoadJob[]); prints one JSON
 * line: the status and upload URL of each job.
 */
import { Agent, request } from 'node:http';

export interface TusLoadJob {
  baseUrl: string;
  cookie: string;
  targetId: string;
  fileName: string;
  /** Bytes: a JPEG opening (the content check reads it), then filler. */
  size: number;
}

export interface TusLoadResult {
  status: number;
  location: string;
}

const agent = new Agent({ keepAlive: false, maxSockets: Infinity });

function block(): Buffer {
  const b = Buffer.alloc(64 * 1024, 7);
  b.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00], 0);
  return b;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function upload(job: TusLoadJob, bytes: Buffer): Promise<TusLoadResult> {
  return new Promise((resolve, reject) => {
    const headers = { 'tus-resumable': '1.0.0', cookie: job.cookie, origin: job.baseUrl };
    const metadata = `filename ${b64(job.fileName)},purpose ${b64('submission')},targetId ${b64(job.targetId)}`;
    const create = request(`${job.baseUrl}/api/uploads`, { method: 'POST', agent, headers: { ...headers, 'upload-length': String(job.size), 'upload-metadata': metadata } }, (created) => {
      created.resume();
      if (created.statusCode !== 201) return resolve({ status: created.statusCode ?? 0, location: '' });
      const location = new URL(String(created.headers.location), `${job.baseUrl}/api/uploads/`).href;
      const patch = request(location, { method: 'PATCH', agent, headers: { ...headers, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(job.size) } }, (done) => {
        done.resume();
        done.on('end', () => resolve({ status: done.statusCode ?? 0, location }));
      });
      patch.on('error', reject);
      let sent = 0;
      const pump = (): void => {
        while (sent < job.size) {
          const n = Math.min(bytes.length, job.size - sent);
          sent += n;
          if (!patch.write(bytes.subarray(0, n))) return void patch.once('drain', pump);
        }
        patch.end();
      };
      pump();
    });
    create.on('error', reject);
    create.end();
  });
}

if (process.env.TUS_LOAD_JOBS) {
  const jobs = JSON.parse(process.env.TUS_LOAD_JOBS) as TusLoadJob[];
  const bytes = block();
  const results = await Promise.all(jobs.map((j) => upload(j, bytes)));
  process.stdout.write(`${JSON.stringify(results)}\n`);
  agent.destroy();
}
