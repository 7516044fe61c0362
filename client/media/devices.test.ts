import { describe, expect, it } from 'vitest';
import { classifyMediaError } from './devices.js';

describe('device errors', () => {
  it('classifies getUserMedia failures the way the join page explains them', () => {
    expect(classifyMediaError(new DOMException('x', 'NotAllowedError'))).toBe('denied');
    expect(classifyMediaError(new DOMException('x', 'NotFoundError'))).toBe('not-found');
    expect(classifyMediaError(new DOMException('x', 'NotReadableError'))).toBe('in-use');
    expect(classifyMediaError({ name: 'PermissionDeniedError' })).toBe('denied');
    expect(classifyMediaError(new Error('other'))).toBe('failed');
    expect(classifyMediaError(null)).toBe('failed');
  });
});
