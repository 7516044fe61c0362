/**
 * A whole classroom server in the test process: real uWebSockets.js, a real media engine (one
 * Janus instance or mediasoup worker, media on loopback), temporary data folder, random HTTP port.
 * `startTestServer({ media: { engine: 'mediasoup' } })` runs it on mediasoup.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRootLogger, deepMerge, loadConfig, type Logger } from '../platform/index.js';
import { configSchema, type AppConfig } from '../signaling/config.js';
import { startServer, type RunningServer } from '../signaling/main.js';

export interface TestServer extends RunningServer {
  config: AppConfig;
  wsUrl: string;
  httpUrl: string;
  stop(): Promise<void>;
}

let rtpBase = 31000;

export async function startTestServer(overrides: Record<string, unknown> = {}, logger?: Logger): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'classroom-test-'));
  // Each server of a test run gets its own RTP ports, so a slow Janus exit never blocks the next.
  const rtpPortMin = rtpBase;
  rtpBase += 400;
  const config = loadConfig(configSchema, {
    overrides: deepMerge(
      {
        dataDir,
        log: { level: process.env.TEST_LOG_LEVEL ?? 'silent' },
        http: { host: '127.0.0.1', port: 0, clientDir: process.env.TEST_CLIENT_DIR ?? join(process.cwd(), 'dist/client') },
        // Either engine: Janus takes the range, a mediasoup worker its first port (UDP and TCP).
        media: { instances: 1, iceEnforceList: '127.0.0.1', rtpPortMin, rtpPortMax: rtpPortMin + 399, mediasoup: { listenIp: '127.0.0.1', port: rtpPortMin } },
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
