import { afterEach, describe, expect, it } from 'vitest';
import { markOnce, markStep } from './timeline.js';

const named = (name: string) => performance.getEntriesByName(`lophoc:${name}`, 'mark').length;

describe('page timeline marks', () => {
  afterEach(() => performance.clearMarks());

  // First: the steps' bound below is per page (this module's life), and the next test reaches it.
  it("does not mark again what the join entry's own copy of this module marked, and still marks a reconnection's steps", () => {
    // The entry (built apart from the app) marked these on the page's timeline.
    performance.mark('lophoc:t-entry-once');
    performance.mark('lophoc:t-entry-step');
    markOnce('t-entry-once');
    expect(named('t-entry-once')).toBe(1);
    markStep('t-entry-step'); // the app's first join: the entry's mark is that one
    expect(named('t-entry-step')).toBe(1);
    markStep('t-entry-step'); // a reconnection
    expect(named('t-entry-step')).toBe(2);
  });

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
