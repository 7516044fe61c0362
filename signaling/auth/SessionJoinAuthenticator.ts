/**
 * Joining with a logged-in session (R3): the cookie's session -> the account -> may it join this
 * lesson (class membership, R21) -> teacher or student in it -> the lesson password for students.
 * A signed link token, when given, is checked instead (guest teachers, the demo).
 */
import { can, lessonRef } from '../../classroom/index.js';
import { NotAuthorizedError, NotFoundError, ValidationError } from '../../platform/index.js';
import { callerOf } from '../http/api/callers.js';
import type { Services } from '../services.js';
import type { AuthenticatedJoin, JoinAuthenticator, JoinCredentials } from './JoinAuthenticator.js';
import type { JoinLinks } from './JoinLinks.js';

export class SessionJoinAuthenticator implements JoinAuthenticator {
  readonly #services: Services;
  readonly #links: JoinLinks;

  constructor(services: Services, links: JoinLinks) {
    this.#services = services;
    this.#links = links;
  }

  async authenticate(c: JoinCredentials): Promise<AuthenticatedJoin> {
    if (c.joinToken) return this.#links.authenticate(c);
    if (!c.lessonId) throw new ValidationError('lesson_id is missing');
    const { account, actor } = await callerOf(this.#services, c.cookieHeader);
    const lesson = await this.#services.storage.lessons.get(c.lessonId);
    if (!lesson) throw new NotFoundError('This lesson does not exist');
    const ref = lessonRef(lesson);
    if (!can(actor, 'lesson.join', ref)) throw new NotAuthorizedError('You are not a member of the class of this lesson');
    const host = can(actor, 'lesson.host', ref);
    if (!host && lesson.passwordHash !== null) {
      if (!c.lessonPassword) throw new NotAuthorizedError('This lesson needs a password', { details: { reason: 'lesson_password_required' } });
      const typed = c.lessonPassword;
      const right = await this.#services.accounts.checkLessonPassword(account.id, lesson.id, () => this.#services.lessons.checkPassword(lesson.id, typed));
      if (!right) {
        throw new NotAuthorizedError('Wrong lesson password', { details: { reason: 'lesson_password_wrong' } });
      }
    }
    return {
      lessonId: lesson.id,
      identity: { userId: account.id, displayName: account.displayName, role: host ? 'teacher' : 'student', classMember: true },
      guest: false,
    };
  }
}
