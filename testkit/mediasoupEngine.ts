/**
 * Starting a real mediasoup media engine for integration tests: workers listening on loopback,
 * media ports no other test engine of this process uses, a private metrics registry, and the
 * worker pids to check that none outlives the test.
 */
import { readFileSync } from 'node:fs';
import { freeMediaPorts } from './ports.js';
import { createMetricsRegistry, silentLogger, type Logger, type Registry } from '../platform/index.js';
import { createMediasoupEngine, type MediasoupEngine, type MediasoupEngineOptions } from '../sfu/index.js';

export interface TestMediasoupEngine {
  engine: MediasoupEngine;
  registry: Registry;
  /** Every worker pid this engine ever ran (restarts included), for the no-process-left check. */
  pids(): number[];
  /** Closes the engine. */
  dispose(): Promise<void>;
}

/** A block of 8 media ports free a moment ago (worker n: base + n; restarts keep their port). */
export function testMediaPorts(): Promise<number> {
  return freeMediaPorts(8);
}

export async function startTestMediasoupEngine(options: Partial<MediasoupEngineOptions> = {}, logger: Logger = silentLogger()): Promise<TestMediasoupEngine> {
  const registry = createMetricsRegistry({ processMetrics: false });
  const engine = await createMediasoupEngine(
    { workers: 1, listenIp: '127.0.0.1', port: await testMediaPorts(), restartBackoff: { initialMs: 200 }, ...options },
    { logger, registry },
  );
  const seen = new Set<number>();
  const record = () => {
    for (const pid of Object.values(engine.instancePids())) if (pid !== undefined) seen.add(pid);
  };
  record();
  engine.on('instanceUp', record);
  return {
    engine,
    registry,
    pids: () => {
      record();
      return [...seen];
    },
    dispose: () => engine.close(),
  };
}

/**
 * The pids of `pids` that still run `program` (a zombie has an empty command line; a pid reused
 * by another program does not count).
 */
export function aliveRunning(program: string, pids: readonly number[]): number[] {
  return pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(program);
    } catch {
      return false;
    }
  });
}

/** The mediasoup worker processes among `pids` still running. */
export function alive(pids: readonly number[]): number[] {
  return aliveRunning('mediasoup-worker', pids);
}
