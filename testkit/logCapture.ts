/**
 * A pino logger for an in-process server under test that keeps what it logs at `error` or
 * above (a fuzzer's invariant: the server log has no error), and drops the rest.
 */
import { pino, type Logger } from 'pino';
import { REDACTED_PATHS } from '../platform/index.js';

export interface CapturedLog {
  logger: Logger;
  /** The error and fatal entries, as JSON lines. */
  readonly errors: string[];
}

export function capturingLogger(): CapturedLog {
  const errors: string[] = [];
  const stream = {
    write(line: string): void {
      if (/"level":(50|60)\b/.test(line)) errors.push(line.trim());
    },
  };
  return { logger: pino({ level: 'error', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream), errors };
}
