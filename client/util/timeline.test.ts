import { afterEach, describe, expect, it } from 'vitest';
import { markOnce, markStep } from './timeline.js';

const named = (name: string) => performance.getEntriesByName(`lophoc:${name}`, 'mark').length;

describe('page timeline marks', () => {
  afterEach(() => performance.clearMarks());

  it('marks a first-join step once, and a reconnection step every time (bounded)', () => {
    markOnce('t-first');
    markOnce('t-first');
    expect(named('t-first')).toBe(1);
    markStep('t-step');
    markStep('t-step');
    markStep('t-step');
    expect(named('t-step')).toBe(3);
    // markOnce after markStep adds nothing: the name is known
    markOnce('t-step');
    expect(named('t-step')).toBe(3);
    for (let i = 0; i < 1000; i++) markStep('t-many');
    expect(named('t-many')).toBeLessThanOrEqual(401);
    expect(named('t-many')).toBeGreaterThan(100);
  });
});
