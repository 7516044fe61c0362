/**
 * The shapes of the authorization matrix (authorization.int.test.ts): who calls, one route case,
 * and what the case files of __fixtures__ get to build their cases (made by the test's beforeAll).
 */
import type { ApiClient } from '../../testkit/apiClient.js';
import type { AssignmentSetup } from '../../testkit/assignmentSetup.js';
import type { MaterialSetup } from '../../testkit/materialSetup.js';
import type { SchoolWorld } from '../../testkit/schoolWorld.js';
import type { Services } from '../services.js';

export type Who = 'anonymous' | 'admin' | 'teacherA' | 'teacherB' | 'studentA' | 'studentB' | 'parentA';
export const WHO: readonly Who[] = ['anonymous', 'admin', 'teacherA', 'teacherB', 'studentA', 'studentB', 'parentA'];

export interface RouteCase {
  name: string;
  call(c: ApiClient): Promise<{ status: number }>;
  expect: Record<Who, number>;
}

/** `status` for everyone (anonymous 401) except those named in `rest`. */
export type All = (status: number, rest?: Partial<Record<Who, number>>) => Record<Who, number>;

export interface MatrixContext {
  services: Services;
  world: SchoolWorld;
  all: All;
  /** teacherA's bank questions of Toán (one shared), one to archive, an image. */
  bank: { shared: string; private: string; toArchive: string; image: string };
  hw: AssignmentSetup;
  mat: MaterialSetup;
  /** An exam of 8A Toán open now with studentA's attempt in progress, and a quiz attempt to submit. */
  exam: { id: string; attemptId: string; quizAttemptId: string };
  /** A school day a day ahead, "YYYY-MM-DD". */
  tomorrow: () => string;
}
