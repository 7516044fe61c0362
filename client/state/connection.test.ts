import { describe, expect, it } from 'vitest';
import { finalReasonFromClose, finalReasonFromJoinError } from './connection.js';

describe('final reasons', () => {
  it('maps each final close code to what the user reads', () => {
    expect(finalReasonFromClose(4401, null)).toBe('unauthenticated');
    expect(finalReasonFromClose(4404, null)).toBe('not-found');
    expect(finalReasonFromClose(4409, null)).toBe('duplicate');
    expect(finalReasonFromClose(4410, null)).toBe('lesson-ended');
    expect(finalReasonFromClose(4423, null)).toBe('locked');
    expect(finalReasonFromClose(4426, null)).toBe('unsupported-version');
  });

  it('tells a removal and a lobby denial from a refused join on 4403', () => {
    expect(finalReasonFromClose(4403, 'removed')).toBe('removed');
    expect(finalReasonFromClose(4403, 'denied')).toBe('denied');
    expect(finalReasonFromClose(4403, null)).toBe('forbidden');
  });

  it('treats join errors after which the server closes as final, others as retryable', () => {
    expect(finalReasonFromJoinError('LESSON_ENDED')).toBe('lesson-ended');
    expect(finalReasonFromJoinError('UNSUPPORTED_VERSION')).toBe('unsupported-version');
    expect(finalReasonFromJoinError('UNAVAILABLE')).toBeNull();
    expect(finalReasonFromJoinError('INTERNAL')).toBeNull();
  });
});
