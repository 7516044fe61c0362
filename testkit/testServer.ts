/**
 * A whole classroom server in the test process: real uWebSockets.js, a real media engine (one
 * mediasoup worker, media on loopback), temporary data folder, random HTTP port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRootLogger, deepMerge, loadConfig, type Logger } from '../platform/index.js';
import { configSchema, type AppConfig } from '../signaling/config.js';
import { startServer, type RunningServer } from '../signaling/main.js';
import { freeMediaPort } from './ports.js';

export interface TestServer extends RunningServer {
  config: AppConfig;
  wsUrl: string;
  httpUrl: string;
  stop(): Promise<void>;
}

export async function startTestServer(overrides: Record<string, unknown> = {}, logger?: Logger): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'classroom-test-'));
  // Each server gets its own media port (UDP and TCP): a worker still exiting never blocks the
  // next server's, nor do the test runs of other checkouts on this machine.
  const port = await freeMediaPort();
  const config = loadConfig(configSchema, {
    overrides: deepMerge(
      {
        dataDir,
        log: { level: process.env.TEST_LOG_LEVEL ?? 'silent' },
        http: { host: '127.0.0.1', port: 0, clientDir: process.env.TEST_CLIENT_DIR ?? join(process.cwd(), 'dist/client') },
        media: { instances: 1, mediasoup: { listenIp: '127.0.0.1', port } },
        lesson: { reconnectGraceMs: 3000 },
        metrics: { port: 0 },
      },
      overrides,
    ),
  });
  const log = logger ?? createRootLogger(config.log, { node: 'test' });
  const server = await startServer(config, { logger: log });
  return {
    ...server,
    config,
    wsUrl: `ws://127.0.0.1:${server.port}/ws`,
    httpUrl: `http://127.0.0.1:${server.port}`,
    stop: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
