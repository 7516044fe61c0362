import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

export interface LoggerConfig {
  /** pino level. Default "info". */
  level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/**
 * Paths that may carry secrets: pino replaces their values before a line is written, so a
 * careless `log.info({ req })` can never leak a password, a token or a cookie.
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'newPassword',
  '*.newPassword',
  'token',
  '*.token',
  'joinToken',
  '*.joinToken',
  'resumeToken',
  '*.resumeToken',
  'secret',
  '*.secret',
  'cookie',
  '*.cookie',
  'headers.cookie',
  'authorization',
  '*.authorization',
  'sdp',
  '*.sdp',
];

/** The root logger of an app: JSON lines on stdout. Made once, in main.ts. */
export function createRootLogger(config: LoggerConfig, bindings: Record<string, unknown> = {}): Logger {
  const options: LoggerOptions = {
    level: config.level,
    base: { pid: process.pid, ...bindings },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return pino(options);
}

/** A logger that drops everything; for tests and tools. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
