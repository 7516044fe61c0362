/**
 * Signed, expiring join links: a link names the lesson, the user, their name and role. Holding a
 * valid link is the credential (guest teachers, the demo class); it cannot be altered or reused
 * for another lesson, and it expires.
 */
import type { LessonRole } from '../../classroom/index.js';
import { NotAuthenticatedError, signToken, verifyToken, type Clock } from '../../platform/index.js';
import type { AuthenticatedJoin, JoinAuthenticator, JoinCredentials } from './JoinAuthenticator.js';

export interface LinkGrant {
  lessonId: string;
  userId: string;
  name: string;
  role: LessonRole;
}

const JOIN = 'join';
const RESUME = 'resume';

export class JoinLinks implements JoinAuthenticator {
  readonly #secret: string;
  readonly #clock: Clock;
  readonly #ttlMs: number;

  /** `ttlMs`: lifetime of minted links. */
  constructor(secret: string, clock: Clock, ttlMs: number) {
    this.#secret = secret;
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  mint(grant: LinkGrant, ttlMs = this.#ttlMs): string {
    return signToken({ purpose: JOIN, exp: this.#clock.now() + ttlMs, ...grant }, this.#secret);
  }

  /** The join URL: the token rides in the fragment, which browsers never send to servers. */
  url(publicUrl: string, grant: LinkGrant, ttlMs?: number): string {
    return `${publicUrl.replace(/\/$/, '')}/lesson/${encodeURIComponent(grant.lessonId)}#t=${this.mint(grant, ttlMs)}`;
  }

  verify(token: string): LinkGrant {
    const p = verifyToken(token, this.#secret, JOIN, this.#clock.now());
    const role = p.role;
    if (typeof p.lessonId !== 'string' || typeof p.userId !== 'string' || typeof p.name !== 'string' || (role !== 'teacher' && role !== 'student')) {
      throw new NotAuthenticatedError('Invalid link token');
    }
    return { lessonId: p.lessonId, userId: p.userId, name: p.name, role };
  }

  async authenticate(credentials: JoinCredentials): Promise<AuthenticatedJoin> {
    if (!credentials.joinToken) throw new NotAuthenticatedError('Sign in or open the link your teacher sent');
    const grant = this.verify(credentials.joinToken);
    if (credentials.lessonId && credentials.lessonId !== grant.lessonId) throw new NotAuthenticatedError('This link is for another lesson');
    return {
      lessonId: grant.lessonId,
      identity: { userId: grant.userId, displayName: grant.name, role: grant.role, classMember: true },
      guest: true,
    };
  }

  /** A token proving a past admission of `participantId`, for the reconnection of the same user. */
  mintResume(lessonId: string, participantId: string, userId: string, ttlMs: number): string {
    return signToken({ purpose: RESUME, exp: this.#clock.now() + ttlMs, lessonId, participantId, userId }, this.#secret);
  }

  /** The participant a resume token names, or undefined when it is invalid, expired or someone else's. */
  resumedParticipant(token: string, lessonId: string, userId: string): string | undefined {
    if (!token) return undefined;
    try {
      const p = verifyToken(token, this.#secret, RESUME, this.#clock.now());
      return p.lessonId === lessonId && p.userId === userId && typeof p.participantId === 'string' ? p.participantId : undefined;
    } catch {
      return undefined;
    }
  }
}
