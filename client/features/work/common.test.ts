import { describe, expect, it } from 'vitest';
import { parseTenths, score } from './common.js';

describe('scores in the grading form', () => {
  it('reads a typed score as the server does, and writes tenths back with a comma', () => {
    expect(['8,5', '8.5', ' 10 ', '0', '11', '7,25', 'abc', ''].map(parseTenths)).toEqual([85, 85, 100, 0, null, null, null, null]);
    expect([85, 80, 0, 5].map(score)).toEqual(['8,5', '8', '0', '0,5']);
  });
});
