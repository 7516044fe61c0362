import { describe, expect, it } from 'vitest';
import { MediaError, UnavailableError, ValidationError } from '../platform/index.js';
import { janusErrorCode, toEngineError } from './janusErrors.js';

const pluginError = (code: number, text: string) => Object.assign(new Error(`${code} ${text}`), { _code: code });

describe('Janus error mapping', () => {
  it('an SDP Janus refuses becomes a MediaError safe to show', () => {
    for (const err of [new Error('465 Invalid SDP'), pluginError(437, 'Invalid SDP'), new Error('464 Unknown type')]) {
      const mapped = toEngineError(err, 'configure');
      expect(mapped).toBeInstanceOf(MediaError);
      expect((mapped as MediaError).exposable).toBe(true);
      expect(mapped.message).not.toContain('465');
    }
  });

  it('a lost connection, session or handle, or a timeout, becomes an UnavailableError', () => {
    for (const text of ['connection closed', 'session destroyed', 'handle detached', 'unable to send request because connection has been closed', '458 No such session 123']) {
      expect(toEngineError(new Error(text), 'join')).toBeInstanceOf(UnavailableError);
    }
  });

  it('anything else stays internal, and app errors pass through', () => {
    const internal = toEngineError(pluginError(428, 'No such feed (7)'), 'update');
    expect(internal).not.toBeInstanceOf(MediaError);
    expect(internal).not.toBeInstanceOf(UnavailableError);
    expect(internal.message).toContain('428');
    const v = new ValidationError('x');
    expect(toEngineError(v, 'x')).toBe(v);
    expect(janusErrorCode(pluginError(433, 'Unauthorized'))).toBe(433);
    expect(janusErrorCode('nope')).toBeUndefined();
  });
});
