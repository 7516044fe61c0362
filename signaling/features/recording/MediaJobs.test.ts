import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { MediaJob, RecordingStore, StoredRecording } from '../../../classroom/index.js';
import { createMetricsRegistry, systemClock, type BlobStore } from '../../../platform/index.js';
import { MediaJobs } from './MediaJobs.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The store calls a job makes, in memory: one recording without any segment on disk. */
function storeWithEmptyRecording(): { store: RecordingStore; jobs: Map<string, MediaJob> } {
  const jobs = new Map<string, MediaJob>();
  const rec = { id: 'rec_1', directory: 'rec_1' } as StoredRecording;
  const store = {
    recording: async (id: string) => (id === rec.id ? rec : undefined),
    segments: async () => [],
    enqueueJob: async (j: MediaJob) => void jobs.set(j.id, { ...j }),
    claimJob: async () => {
      const j = [...jobs.values()].find((x) => x.state === 'queued');
      if (j) j.state = 'running';
      return j ? { ...j } : undefined;
    },
    updateJob: async (id: string, change: Partial<MediaJob>) => void Object.assign(jobs.get(id)!, change),
    requeueRunning: async () => 0,
  } as unknown as RecordingStore;
  return { store, jobs };
}

describe('a recording job for a recording with nothing in it', () => {
  it('ends failed with a clear reason, without an error in the log or the failure alert metric', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'mediajobs-'));
    dirs.push(directory);
    const lines: Array<{ level: number; msg: string }> = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l)) });
    const registry = createMetricsRegistry();
    const { store, jobs } = storeWithEmptyRecording();
    const mediaJobs = new MediaJobs({ directory, pollMs: 60_000 }, { store, blobs: {} as BlobStore, clock: systemClock, logger, registry });
    await mediaJobs.start();
    const job = await mediaJobs.enqueue('rec_1');
    await expect.poll(() => jobs.get(job.id)?.state, { timeout: 3000 }).toBe('failed');
    await mediaJobs.close();
    expect(jobs.get(job.id)?.error).toBe('nothing playable was recorded');
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.some((l) => l.level === 40 && /nothing playable/.test(l.msg))).toBe(true);
    expect(await registry.getSingleMetricAsString('classroom_recording_jobs_failed_total')).toMatch(/classroom_recording_jobs_failed_total 0$/m);
  });
});
