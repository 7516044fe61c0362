// @ts-check
/**
 * mediasoup's own prebuilt worker (a GitHub release file), for machines that reach GitHub. It is
 * tried before building, with short timeouts so that a machine without GitHub (DNS failure,
 * firewall that drops packets) falls back to the build at once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync, chmodSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';

const DEFAULT_BASE = 'https://github.com/versatica/mediasoup/releases/download';

/** The release file name mediasoup's npm-scripts.mjs asks for. @param {string} version */
export function prebuiltFileName(version) {
  const kernel = process.platform === 'linux' ? `-kernel${Number(release().split('.')[0])}` : '';
  return `mediasoup-worker-${version}-${process.platform}-${process.arch}${kernel}.tgz`;
}

/**
 * Downloads and unpacks the worker into `stage`, then checks that it runs here (without
 * MEDIASOUP_VERSION it must exit with 41, as mediasoup's own installer checks).
 * @param {{ version: string, stage: string, baseUrl?: string, headersTimeoutMs?: number, totalTimeoutMs?: number }} o
 * @returns {Promise<{ ok: true, bin: string } | { ok: false, reason: string }>}
 */
export async function downloadPrebuilt(o) {
  const url = `${o.baseUrl ?? process.env.MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL ?? DEFAULT_BASE}/${o.version}/${prebuiltFileName(o.version)}`;
  const total = new AbortController();
  const totalTimer = setTimeout(() => total.abort(), o.totalTimeoutMs ?? 120_000);
  const headersTimer = setTimeout(() => total.abort(), o.headersTimeoutMs ?? 8_000);
  try {
    const res = await fetch(url, { signal: total.signal, redirect: 'follow' });
    clearTimeout(headersTimer);
    if (!res.ok) return { ok: false, reason: `${url}: HTTP ${res.status}` };
    const tgz = join(o.stage, 'worker.tgz');
    writeFileSync(tgz, Buffer.from(await res.arrayBuffer()));
    const untar = spawnSync('tar', ['xzf', tgz, '-C', o.stage]);
    if (untar.status !== 0) return { ok: false, reason: `${url}: not a valid archive` };
    const bin = join(o.stage, 'mediasoup-worker');
    if (!existsSync(bin)) return { ok: false, reason: `${url}: no mediasoup-worker inside` };
    chmodSync(bin, 0o755);
    const run = spawnSync(bin, [], { env: {}, stdio: 'ignore', timeout: 10_000 });
    if (run.status !== 41) return { ok: false, reason: `${url}: the downloaded worker does not run here (exit ${run.status ?? run.signal})` };
    return { ok: true, bin };
  } catch (err) {
    const cause = /** @type {{ cause?: { code?: string } }} */ (err).cause?.code;
    return { ok: false, reason: `${url}: ${total.signal.aborted ? 'timed out' : (cause ?? /** @type {Error} */ (err).message)}` };
  } finally {
    clearTimeout(headersTimer);
    clearTimeout(totalTimer);
  }
}
