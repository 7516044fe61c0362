import { describe, expect, it } from 'vitest';
import { NotFoundError, UnavailableError, ValidationError, publicError } from '../../platform/index.js';
import { toEngineError } from './mediasoupErrors.js';

function named(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

describe('mediasoup error mapping', () => {
  it("a peer's bad parameters (TypeError, UnsupportedError) become a ValidationError safe to show", () => {
    const bad = toEngineError(new TypeError('invalid codec.mimeType'), 'produce');
    expect(bad).toBeInstanceOf(ValidationError);
    expect(publicError(bad)).toEqual({ code: 'BAD_REQUEST', message: 'Invalid media parameters: invalid codec.mimeType' });
    expect(toEngineError(named('UnsupportedError', 'unsupported codec [mimeType:video/H264]'), 'produce')).toBeInstanceOf(ValidationError);
    expect(toEngineError(new TypeError('x'.repeat(1000)), 'produce').message.length).toBeLessThan(250);
  });

  it('a closed channel or object (worker died, room closed) is an UnavailableError', () => {
    const err = toEngineError(named('InvalidStateError', 'Channel closed, pending request aborted'), 'consume');
    expect(err).toBeInstanceOf(UnavailableError);
    expect(publicError(err).code).toBe('UNAVAILABLE');
  });

  it('anything else stays internal, and app errors pass through', () => {
    const err = toEngineError(new Error('Producer not found'), 'consume');
    expect(publicError(err)).toEqual({ code: 'INTERNAL', message: 'Internal error' });
    const app = new NotFoundError('unknown media peer');
    expect(toEngineError(app, 'x')).toBe(app);
  });
});
