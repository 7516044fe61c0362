import { NotFoundError, ValidationError, newId, type Clock } from '../../platform/index.js';
import type { Account } from '../accounts/index.js';
import { generateInitialPassword, type PasswordHasher } from '../accounts/index.js';
import type { Actor } from '../authz/index.js';
import { ownSchool } from '../authz/index.js';
import { assertCan } from '../authz/index.js';
import type { CreatedAccount } from '../roster/index.js';
import type { Storage } from '../store/index.js';
import { checkIdCode } from './idCode.js';
import { checkLabel, checkPersonName } from './names.js';
import type { Grade, SchoolClass, StaffDuty, Subject, TeachingAssignment } from './SchoolTypes.js';

export interface SchoolServiceOptions {
  clock: Clock;
  hasher: PasswordHasher;
}

const USERNAME_RE = /^[a-z0-9][a-z0-9._-]{2,39}$/;

/** The school's structure as its admin manages it (R15, R18): grades, classes, subjects, teaching assignments, parents. */
export class SchoolService {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #hasher: PasswordHasher;

  constructor(storage: Storage, options: SchoolServiceOptions) {
    this.#storage = storage;
    this.#clock = options.clock;
    this.#hasher = options.hasher;
  }

  /**
   * First run (a CLI, not an HTTP route): creates a school and its first admin, whose generated
   * password is returned once and must be changed at first login.
   */
  async bootstrapSchool(input: { schoolName: string; adminUsername: string; adminDisplayName: string }): Promise<{ schoolId: string; admin: CreatedAccount }> {
    const name = label(input.schoolName, 'school name', 200);
    const schoolId = newId('sch');
    const now = this.#clock.now();
    const admin = await this.#prepareAccount({ schoolId, role: 'admin', username: input.adminUsername, displayName: input.adminDisplayName });
    await this.#storage.transaction(async (tx) => {
      await tx.schools.createSchool({ id: schoolId, name, createdAt: now });
      await tx.accounts.create(admin.account);
    });
    return { schoolId, admin: admin.created };
  }

  async addGrade(actor: Actor, input: { name: string; level: number }): Promise<Grade> {
    this.#assertManages(actor);
    if (!Number.isInteger(input.level) || input.level < 1 || input.level > 12) throw new ValidationError('A grade level is 1 to 12');
    const grade: Grade = { id: newId('grd'), schoolId: actor.schoolId, name: label(input.name, 'grade name'), level: input.level };
    await this.#storage.schools.addGrade(grade);
    return grade;
  }

  async addClass(actor: Actor, input: { gradeId: string; name: string }): Promise<SchoolClass> {
    this.#assertManages(actor);
    const grades = await this.#storage.schools.listGrades(actor.schoolId);
    if (!grades.some((g) => g.id === input.gradeId)) throw new NotFoundError('No such grade in this school');
    const cls: SchoolClass = { id: newId('cls'), schoolId: actor.schoolId, gradeId: input.gradeId, name: label(input.name, 'class name', 40) };
    await this.#storage.schools.addClass(cls);
    return cls;
  }

  async addSubject(actor: Actor, input: { name: string }): Promise<Subject> {
    this.#assertManages(actor);
    const subject: Subject = { id: newId('sub'), schoolId: actor.schoolId, name: label(input.name, 'subject name') };
    await this.#storage.schools.addSubject(subject);
    return subject;
  }

  /** Lets a teacher teach a subject to a class. Idempotent. */
  async assignTeacher(actor: Actor, a: TeachingAssignment): Promise<void> {
    this.#assertManages(actor);
    await this.#checkAssignment(actor.schoolId, a);
    await this.#storage.schools.assignTeacher(a);
  }

  async unassignTeacher(actor: Actor, a: TeachingAssignment): Promise<void> {
    this.#assertManages(actor);
    await this.#storage.schools.unassignTeacher(a);
  }

  /** Creates a parent account linked to their children (by ID code); returns its first password once. */
  async createParent(actor: Actor, input: { username: string; displayName: string; childCodes: readonly string[] }): Promise<CreatedAccount> {
    assertCan(actor, 'account.manage', ownSchool(actor));
    const children = await this.#childrenByCode(actor.schoolId, input.childCodes);
    const parent = await this.#prepareAccount({ schoolId: actor.schoolId, role: 'parent', username: input.username, displayName: input.displayName });
    await this.#storage.transaction(async (tx) => {
      await tx.accounts.create(parent.account);
      for (const child of children) await tx.schools.linkParent(parent.account.id, child.id);
    });
    return parent.created;
  }

  async linkParent(actor: Actor, parentId: string, studentId: string): Promise<void> {
    assertCan(actor, 'account.manage', ownSchool(actor));
    const [parent, student] = await Promise.all([this.#storage.accounts.get(parentId), this.#storage.accounts.get(studentId)]);
    if (parent?.role !== 'parent' || parent.schoolId !== actor.schoolId) throw new NotFoundError('No such parent in this school');
    if (student?.role !== 'student' || student.schoolId !== actor.schoolId) throw new NotFoundError('No such student in this school');
    await this.#storage.schools.linkParent(parentId, studentId);
  }

  /**
   * Sets the duties of a teacher or admin account (replacing the previous ones): principal
   * (hieu truong), head of a subject group (to truong chuyen mon) of given subjects. Admin only.
   */
  async setDuties(actor: Actor, userId: string, duties: readonly Pick<StaffDuty, 'duty' | 'subjectId'>[]): Promise<StaffDuty[]> {
    this.#assertManages(actor);
    const staff = await this.#storage.accounts.get(userId);
    if (!staff || staff.schoolId !== actor.schoolId || (staff.role !== 'teacher' && staff.role !== 'admin')) throw new NotFoundError('No such teacher or staff member in this school');
    for (const d of duties) {
      if (d.duty === 'principal' && d.subjectId !== '') throw new ValidationError('The principal duty has no subject');
      if (d.duty === 'subject_head') {
        const subject = await this.#storage.schools.getSubject(d.subjectId);
        if (subject?.schoolId !== actor.schoolId) throw new NotFoundError('No such subject in this school');
      }
    }
    await this.#storage.schools.replaceDuties(actor.schoolId, userId, duties);
    return this.#storage.schools.dutiesOf(userId);
  }

  async #checkAssignment(schoolId: string, a: TeachingAssignment): Promise<void> {
    const [teacher, cls, subject] = await Promise.all([
      this.#storage.accounts.get(a.teacherId),
      this.#storage.schools.getClass(a.classId),
      this.#storage.schools.getSubject(a.subjectId),
    ]);
    if (teacher?.role !== 'teacher' || teacher.schoolId !== schoolId) throw new NotFoundError('No such teacher in this school');
    if (cls?.schoolId !== schoolId) throw new NotFoundError('No such class in this school');
    if (subject?.schoolId !== schoolId) throw new NotFoundError('No such subject in this school');
  }

  async #childrenByCode(schoolId: string, codes: readonly string[]): Promise<Account[]> {
    const children: Account[] = [];
    for (const raw of codes) {
      const code = checkIdCode(raw);
      if (!code.ok) throw new ValidationError(`"${raw}" is not an ID code (${code.reason})`);
      const child = await this.#storage.accounts.findByCode(code.value);
      if (child?.role !== 'student' || child.schoolId !== schoolId) throw new NotFoundError(`No student with ID code ${code.value} in this school`);
      children.push(child);
    }
    return children;
  }

  /** A new account with a generated password, hashed before any transaction opens. */
  async #prepareAccount(input: {
    schoolId: string;
    role: 'admin' | 'parent';
    username: string;
    displayName: string;
  }): Promise<{ account: Account; created: CreatedAccount }> {
    const username = typeof input.username === 'string' ? input.username.trim().toLowerCase() : '';
    if (!USERNAME_RE.test(username)) throw new ValidationError('A username is 3 to 40 characters: a-z, 0-9, ".", "_" or "-"');
    const name = checkPersonName(input.displayName);
    if (!name.ok) throw new ValidationError(`Invalid name (${name.reason})`);
    const initialPassword = generateInitialPassword();
    const now = this.#clock.now();
    const account: Account = {
      id: newId('usr'),
      schoolId: input.schoolId,
      role: input.role,
      code: null,
      username,
      displayName: name.value,
      passwordHash: await this.#hasher.hash(initialPassword),
      mustChangePassword: true,
      disabled: false,
      createdAt: now,
      updatedAt: now,
      passwordChangedAt: null,
    };
    return { account, created: { userId: account.id, code: null, username, displayName: account.displayName, initialPassword } };
  }

  #assertManages(actor: Actor): void {
    assertCan(actor, 'school.manage', ownSchool(actor));
  }
}

function label(raw: string, what: string, max = 100): string {
  const checked = checkLabel(typeof raw === 'string' ? raw : '', max);
  if (!checked.ok) throw new ValidationError(`Invalid ${what} (${checked.reason})`);
  return checked.value;
}
