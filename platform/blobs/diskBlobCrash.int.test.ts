/** SIGKILL during a put: the acknowledged blob survives, the interrupted one is never served. */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskBlobStore } from './DiskBlobStore.js';

const writer = fileURLToPath(new URL('./__fixtures__/blobWriter.ts', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'classroom-blobcrash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function files(d: string): string[] {
  return readdirSync(d).flatMap((name) => {
    const p = join(d, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Runs the writer, SIGKILLs it once it has written `bytes` of its second blob. */
function runAndKill(bytes: number): Promise<{ key: string; sha256: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    let acked: { key: string; sha256: string } | undefined;
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffer += d.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const [word, a, b] = line.split(' ');
        if (word === 'ack') acked = { key: a!, sha256: b! };
        if (word === 'writing' && Number(a) >= bytes && child.exitCode === null) child.kill('SIGKILL');
      }
    });
    child.once('exit', (code, signal) => (signal === 'SIGKILL' && acked ? resolve(acked) : reject(new Error(`writer exited (${code}): ${stderr}`))));
  });
}

describe('a SIGKILLed put', () => {
  it('leaves the acknowledged blob intact and no half blob readable', async () => {
    const acked = await runAndKill(2 * 1024 * 1024);
    const stored = files(dir).filter((p) => !p.includes('/.tmp/'));
    expect(stored).toHaveLength(1); // only the acknowledged blob: the interrupted one never left .tmp
    expect(files(join(dir, '.tmp')).length).toBe(1);
    const store = await DiskBlobStore.open({ dir, staleTempMs: 0 });
    expect(files(join(dir, '.tmp'))).toHaveLength(0);
    const read = await store.get(acked.key);
    const hash = createHash('sha256');
    for await (const c of read.body) hash.update(c as Buffer);
    expect(hash.digest('hex')).toBe(acked.sha256);
  });
});
