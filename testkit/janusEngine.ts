/**
 * Starting a real Janus media engine for integration tests: a temporary runtime folder, ICE
 * pinned like the CI box needs it, a private metrics registry, and a check that no Janus
 * process of that folder outlives the test.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMetricsRegistry, silentLogger, type Logger, type Registry } from '../platform/index.js';
import { createJanusMediaEngine, type JanusMediaEngine, type JanusMediaEngineOptions } from '../sfu/index.js';

export interface TestEngine {
  engine: JanusMediaEngine;
  runtimeDir: string;
  registry: Registry;
  /** Closes the engine and removes the runtime folder. */
  dispose(): Promise<void>;
}

let nextPortBase = 0;

/** A port range no other test engine of this process uses. */
function portRange(): [number, number] {
  const base = 42000 + (process.pid % 50) * 200 + (nextPortBase++ % 4) * 50;
  return [base, base + 49];
}

export async function startTestEngine(options: Partial<JanusMediaEngineOptions> = {}, logger: Logger = silentLogger()): Promise<TestEngine> {
  const runtimeDir = options.runtimeDir ?? (await mkdtemp(join(tmpdir(), 'sfu-test-')));
  const registry = createMetricsRegistry({ processMetrics: false });
  const engine = await createJanusMediaEngine(
    {
      instances: 1,
      iceEnforceList: '127.0.0.1',
      rtpPortRange: portRange(),
      restartBackoff: { initialMs: 200 },
      ...options,
      runtimeDir,
    },
    { logger, registry },
  );
  return {
    engine,
    runtimeDir,
    registry,
    dispose: async () => {
      await engine.close();
      await rm(runtimeDir, { recursive: true, force: true });
    },
  };
}

/** Pids of live processes whose command line mentions `text` (Linux /proc). */
export async function processesMentioning(text: string): Promise<number[]> {
  const out: number[] = [];
  for (const d of await readdir('/proc')) {
    if (!/^\d+$/.test(d) || Number(d) === process.pid) continue;
    const cmdline = await readFile(`/proc/${d}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text)) out.push(Number(d));
  }
  return out;
}
