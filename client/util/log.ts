/**
 * The client's logger: the browser console with a prefix, so that support staff can filter
 * the classroom's messages in a student's devtools. Debug lines only with
 * localStorage['classroom.debug'] = '1'.
 */
const PREFIX = '[classroom]';

function debugEnabled(): boolean {
  try {
    return globalThis.localStorage?.getItem('classroom.debug') === '1';
  } catch {
    return false; // storage blocked (private mode, sandboxed iframe)
  }
}

export const log = {
  debug(message: string, ...details: unknown[]): void {
    if (debugEnabled()) console.debug(PREFIX, message, ...details);
  },
  info(message: string, ...details: unknown[]): void {
    console.info(PREFIX, message, ...details);
  },
  warn(message: string, ...details: unknown[]): void {
    console.warn(PREFIX, message, ...details);
  },
  error(message: string, ...details: unknown[]): void {
    console.error(PREFIX, message, ...details);
  },
};
