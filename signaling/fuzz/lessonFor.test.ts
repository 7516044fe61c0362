import { describe, expect, it } from 'vitest';
import { lessonFor, type WsFuzzTarget } from './wsFuzz.js';

const target = { teacherLessons: 4 } as WsFuzzTarget;

describe('the fuzzer sends connections to lessons still running', () => {
  it('a student skips lessons seen ended and falls back to the canary lesson 0', () => {
    expect(lessonFor(target, { as: 'student', lesson: 2 }, new Set())).toBe(2);
    expect(lessonFor(target, { as: 'student', lesson: 2 }, new Set([2, 3]))).toBe(4);
    expect(lessonFor(target, { as: 'student', lesson: 9 }, new Set([1, 2, 3, 4]))).toBe(0);
  });

  it('a teacher stays in the teachers\u2019 lessons 1..n and prefers a running one', () => {
    expect(lessonFor(target, { as: 'teacher', lesson: 3 }, new Set([4, 1]))).toBe(2);
    for (let l = 0; l < 12; l++) expect(lessonFor(target, { as: 'teacher', lesson: l }, new Set())).toBeGreaterThan(0);
    // All ended: the join is still made (and refused with LESSON_ENDED), never into lesson 0.
    expect(lessonFor(target, { as: 'teacher', lesson: 1 }, new Set([1, 2, 3, 4]))).toBe(2);
  });
});
