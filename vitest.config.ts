import { defineConfig } from 'vitest/config';
import { BROWSER_PROTO_ALIAS } from './client/vite.config.js';

/**
 * Three server-side projects plus the client:
 * - unit: fast, no external process;
 * - integration (*.int.test.ts): real mediasoup workers, Redis, PostgreSQL, WebRTC bots;
 * - e2e (*.e2e.test.ts): real headless Chromium through the built client.
 * Integration and e2e files run one at a time: they start real services and media on a
 * 2-core machine, and parallel runs would only measure contention.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{platform,proto,classroom,cluster,sfu,signaling,recorder,bench,testkit,scripts,e2e}/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts', 'node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'client',
          include: ['client/**/*.test.{ts,tsx}'],
          exclude: ['**/*.int.test.ts', '**/*.e2e.test.ts'],
          environment: 'happy-dom',
        },
        // The browser's protobuf codec (table-driven), as in the build.
        resolve: { alias: [BROWSER_PROTO_ALIAS] },
        oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ['node_modules/**'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['**/*.e2e.test.ts'],
          setupFiles: ['testkit/e2eFailureReport.ts'],
          exclude: ['node_modules/**'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
