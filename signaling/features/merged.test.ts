import { describe, expect, it } from 'vitest';
import { merged } from './merged.js';

describe('merged', () => {
  it('puts the slices\' tables side by side', () => {
    const table = merged('handlers', { raiseHand: 1 }, { sendReaction: 2 });
    expect(table).toEqual({ raiseHand: 1, sendReaction: 2 });
    expect(table.sendReaction).toBe(2);
  });

  it('refuses a key that two slices both define', () => {
    expect(() => merged('pushes', { handQueueChanged: 1 }, { handQueueChanged: 2 })).toThrow('two live features define pushes.handQueueChanged');
  });
});
