import type { JoinIdentity } from '../../classroom/index.js';

/** What a join request presents as credentials. */
export interface JoinCredentials {
  /** The lesson the client asks for ('' when only a link token names it). */
  lessonId: string;
  joinToken: string;
  /** The Cookie header of the WebSocket upgrade (a logged-in session). */
  cookieHeader: string;
  lessonPassword: string;
  remoteAddress: string;
}

export interface AuthenticatedJoin {
  lessonId: string;
  identity: JoinIdentity;
  /**
   * True for a signed join link (guest teacher, demo): the person may choose the name they are
   * shown by (cleaned by the guest-name rules). False for a signed-in account: the roster name.
   */
  guest: boolean;
}

/** Establishes who is joining which lesson; throws NotAuthenticatedError / NotAuthorizedError / NotFoundError. */
export interface JoinAuthenticator {
  authenticate(credentials: JoinCredentials): Promise<AuthenticatedJoin>;
}
