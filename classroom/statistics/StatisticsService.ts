import { NotAuthorizedError, NotFoundError, ValidationError, type Clock } from '../../platform/index.js';
import type { Actor } from '../authz/index.js';
import { can, ownSchool } from '../authz/index.js';
import type { Storage } from '../store/index.js';
import { VIETNAM_UTC_OFFSET_MINUTES, localToEpochMs } from '../timetable/index.js';
import { buildReport } from './figures.js';
import { DEFAULT_PRESENCE_RULES, type PresenceRules, type SchoolStructure, type StatisticsReport, type StatisticsScope } from './StatisticsTypes.js';

export interface StatisticsServiceOptions {
  clock: Clock;
  /** The school's offset from UTC in minutes. Default 420 (Vietnam). */
  utcOffsetMinutes?: number;
  /** Late and left-early thresholds. Default DEFAULT_PRESENCE_RULES (those of the attendance table). */
  rules?: PresenceRules;
  /** Longest period one report covers. Default 400 days (a school year and its margins). */
  maxDays?: number;
}

export interface StatisticsQuery {
  /** First local day, "YYYY-MM-DD". */
  from: string;
  /** Last local day, included. */
  to: string;
  /** The school's readers may narrow to one teacher; a teacher may name only themself. */
  teacherId?: string;
}

const DAY = 86_400_000;

/**
 * Who reads which statistics (R15): the school's readers (the admin; the principal once that role
 * exists) the whole school or any one teacher; a teacher only their own lessons and assignments.
 * Students and parents none.
 */
export class StatisticsService {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #offset: number;
  readonly #rules: PresenceRules;
  readonly #maxDays: number;

  constructor(storage: Storage, options: StatisticsServiceOptions) {
    this.#storage = storage;
    this.#clock = options.clock;
    this.#offset = options.utcOffsetMinutes ?? VIETNAM_UTC_OFFSET_MINUTES;
    this.#rules = options.rules ?? DEFAULT_PRESENCE_RULES;
    this.#maxDays = options.maxDays ?? 400;
  }

  async report(actor: Actor, query: StatisticsQuery): Promise<StatisticsReport> {
    const scope = await this.#scopeFor(actor, query.teacherId);
    const { from, to } = this.#period(query);
    const now = this.#clock.now();
    const s = this.#storage;
    const [lessons, assignments, materials, questions, structure] = await Promise.all([
      s.statistics.lessonFacts(scope, from, to, now, this.#rules),
      s.statistics.assignmentFacts(scope, from, to),
      s.statistics.materialFacts(scope, from, to),
      s.statistics.questionFacts(scope, from, to),
      this.#structure(actor.schoolId),
    ]);
    return buildReport({ scope, from, to, now, lessons, assignments, materials, questions, structure });
  }

  async #scopeFor(actor: Actor, teacherId: string | undefined): Promise<StatisticsScope> {
    const school = ownSchool(actor);
    if (can(actor, 'school.readReports', school)) {
      if (teacherId === undefined) return { kind: 'school', schoolId: actor.schoolId };
      const teacher = await this.#storage.accounts.get(teacherId);
      if (teacher?.role !== 'teacher' || teacher.schoolId !== actor.schoolId) throw new NotFoundError('No such teacher in this school');
      return { kind: 'teacher', schoolId: actor.schoolId, teacherId };
    }
    if (can(actor, 'statistics.readOwn', school)) {
      if (teacherId !== undefined && teacherId !== actor.userId) throw new NotAuthorizedError('A teacher reads only the statistics of their own teaching');
      return { kind: 'teacher', schoolId: actor.schoolId, teacherId: actor.userId };
    }
    throw new NotAuthorizedError('You are not allowed to read the statistics', { details: { action: 'school.readReports' } });
  }

  /** Local days to [from, to) in epoch ms, the last day included. */
  #period(query: StatisticsQuery): { from: number; to: number } {
    const from = localToEpochMs(query.from, '00:00', this.#offset);
    const to = localToEpochMs(query.to, '00:00', this.#offset) + DAY;
    if (to <= from) throw new ValidationError('The period ends before it starts');
    if (to - from > this.#maxDays * DAY) throw new ValidationError(`A period is at most ${this.#maxDays} days`);
    return { from, to };
  }

  async #structure(schoolId: string): Promise<SchoolStructure> {
    const s = this.#storage;
    const [grades, classes, subjects, teachers, sizes] = await Promise.all([
      s.schools.listGrades(schoolId),
      s.schools.listClasses(schoolId),
      s.schools.listSubjects(schoolId),
      s.accounts.listBySchool(schoolId, 'teacher'),
      s.statistics.classSizes(schoolId),
    ]);
    return {
      grades: grades.map((g) => ({ id: g.id, name: g.name, level: g.level })),
      classes: classes.map((c) => ({ id: c.id, gradeId: c.gradeId, name: c.name, size: sizes.get(c.id) ?? 0 })),
      subjects: subjects.map((x) => ({ id: x.id, name: x.name })),
      teachers: teachers.map((t) => ({ id: t.id, name: t.displayName })),
    };
  }
}
