import type { ClientRequest, ResultFor } from '../net/index.js';
import { SocketError } from '../net/index.js';
import { log } from '../util/log.js';
import { showNotice } from './connection.js';
import { describeError } from './errors.js';

/**
 * The lesson session's request function, for the feature actions (lobby, hands, breakout...).
 * session.ts binds it while a session runs; without one, requests fail as "not connected".
 */
type Requester = <T extends ClientRequest>(request: T) => Promise<ResultFor<T['type']>>;

let requester: Requester | null = null;

export function bindLessonRequests(next: Requester | null): void {
  requester = next;
}

export function lessonRequest<T extends ClientRequest>(request: T): Promise<ResultFor<T['type']>> {
  if (!requester) return Promise.reject(new SocketError('not-connected'));
  return requester(request);
}

/**
 * Sends a request for a button the user pressed; a refusal is shown as a notice (the server's
 * code in the user's language). Resolves with whether it worked.
 */
export async function act<T extends ClientRequest>(request: T): Promise<boolean> {
  try {
    await lessonRequest(request);
    return true;
  } catch (error) {
    log.info(`${request.type} failed`, error);
    showNotice(describeError(error), 6000);
    return false;
  }
}
