import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mintTurnCredential, TurnCredentials } from './TurnCredentials.js';

const SECRET = 'a-shared-secret-of-at-least-32-characters';

describe('TURN credentials (TURN REST API)', () => {
  it('names the expiry and the user, and signs the name with the shared secret', () => {
    const c = mintTurnCredential(SECRET, 'user-1', 1_700_000_000_500, 3600);
    expect(c.username).toBe('1700003600:user-1');
    expect(c.credential).toBe(createHmac('sha1', SECRET).update('1700003600:user-1').digest('base64'));
    expect(c.expiresAtMs).toBe(1_700_003_600_000);
  });

  it('gives every join its own credential: another user or a later join signs another name', () => {
    const a = mintTurnCredential(SECRET, 'user-1', 0, 60);
    expect(mintTurnCredential(SECRET, 'user-2', 0, 60).credential).not.toBe(a.credential);
    expect(mintTurnCredential(SECRET, 'user-1', 5000, 60).username).not.toBe(a.username);
  });

  it('keeps the expiry the only colon-separated field', () => {
    expect(mintTurnCredential(SECRET, 'guest:x', 0, 60).username).toBe('60:guest_x');
  });

  it('hands the configured URLs with the credential, and refuses a short secret or no URL', () => {
    const turn = new TurnCredentials({ secret: SECRET, urls: ['turn:t.example:3478?transport=udp', 'turns:t.example:443?transport=tcp'], ttlSeconds: 600 });
    const server = turn.iceServerFor('u', 0);
    expect(server.urls).toEqual(['turn:t.example:3478?transport=udp', 'turns:t.example:443?transport=tcp']);
    expect(server.username).toBe('600:u');
    expect(() => new TurnCredentials({ secret: 'short', urls: ['turn:x'], ttlSeconds: 60 })).toThrow(/32/);
    expect(() => new TurnCredentials({ secret: SECRET, urls: [], ttlSeconds: 60 })).toThrow(/urls/);
  });
});
