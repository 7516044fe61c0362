/**
 * The server process: reads the configuration, starts the server, prints the demo links, and
 * shuts down gracefully on SIGTERM/SIGINT (connections closed with 4503 so clients reconnect).
 */
import { parseArgs } from 'node:util';
import { createRootLogger, loadConfig } from '../platform/index.js';
import { configSchema } from './config.js';
import { startServer } from './main.js';

async function run(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string', short: 'c' } } });
  const file = values.config ?? process.env.CLASSROOM_CONFIG;
  const overrides: Record<string, unknown> = {};
  if (process.env.PORT) overrides.http = { port: Number(process.env.PORT), ...(process.env.HOST ? { host: process.env.HOST } : {}) };
  const config = loadConfig(configSchema, { file, env: process.env, overrides });
  const logger = createRootLogger(config.log, { node: config.node.id });
  const server = await startServer(config, { logger });
  if (server.demo) {
    const admin = server.demo.admin;
    process.stdout.write(
      [
        '',
        `  Lớp học trực tuyến đang chạy tại ${server.publicUrl}`,
        '  Tiết học thử (lớp 8A, môn Tin học) — mở các đường dẫn sau trong trình duyệt:',
        `    Giáo viên:  ${server.demo.teacher}`,
        ...server.demo.students.map((url, i) => `    Học sinh ${i + 1}: ${url}`),
        ...(admin
          ? ['', `  Quản trị trường Demo: ${server.publicUrl}/login  tên đăng nhập "${admin.username}", mật khẩu tạm "${admin.initialPassword}"`, '  (chỉ hiện lần này; đổi mật khẩu khi đăng nhập lần đầu)']
          : []),
        '',
      ].join('\n') + '\n',
    );
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

run().catch((err: unknown) => {
  process.stderr.write(`classroom server failed to start: ${(err as Error)?.message ?? String(err)}\n`);
  process.exit(1);
});
