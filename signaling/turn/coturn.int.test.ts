/**
 * The project's coturn configuration against the credentials the server mints (issue 10, T2):
 * a fresh credential allocates a relay over UDP, TCP and TLS; a credential reused after its
 * expiry, or one signed with another secret or with an edited expiry, gets no relay (401).
 */
import wrtcModule from '@roamhq/wrtc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoturn, type Coturn } from '../../testkit/coturn.js';
import { turnAllocate } from '../../testkit/turnProbe.js';
import { mintTurnCredential } from './TurnCredentials.js';

interface Candidate {
  candidate: string;
}
interface GatheringPeer {
  onicecandidate: ((e: { candidate: Candidate | null }) => void) | null;
  createDataChannel(label: string): unknown;
  createOffer(): Promise<{ type: string; sdp: string }>;
  setLocalDescription(d: { type: string; sdp: string }): Promise<void>;
  close(): void;
}
const RTCPeerConnection = (wrtcModule as unknown as { RTCPeerConnection: new (config: object) => GatheringPeer }).RTCPeerConnection;

/** The relay candidates a relay-only peer gathers with this TURN server and credential. */
async function relayCandidates(url: string, username: string, credential: string): Promise<string[]> {
  const pc = new RTCPeerConnection({ iceServers: [{ urls: [url], username, credential }], iceTransportPolicy: 'relay' });
  const found: string[] = [];
  try {
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 8000);
      pc.onicecandidate = (e) => {
        if (e.candidate === null) {
          clearTimeout(timer);
          resolve();
        } else if (/ typ relay /.test(e.candidate.candidate)) found.push(e.candidate.candidate);
      };
    });
    pc.createDataChannel('probe');
    await pc.setLocalDescription(await pc.createOffer());
    await done;
    return found;
  } finally {
    pc.close();
  }
}

describe('coturn with credentials minted per join', () => {
  let turn: Coturn;

  beforeAll(async () => {
    turn = await startCoturn();
  }, 30_000);

  afterAll(async () => {
    await turn?.stop();
  });

  it.each([0, 1])('a fresh credential gives a browser engine a relay (URL %i: UDP, TCP)', async (i) => {
    const c = mintTurnCredential(turn.secret, 'student-1', Date.now(), 600);
    expect(await relayCandidates(turn.urls[i] as string, c.username, c.credential)).not.toEqual([]);
  }, 20_000);

  it('TURN over TLS allocates with a fresh credential and answers 401 to a stale one', async () => {
    // libwebrtc trusts only its own roots for turns:, so the test speaks TURN itself over TLS.
    const tls = { transport: 'tls' as const, host: turn.ip, port: turn.tlsPort, ca: turn.certPem };
    const fresh = mintTurnCredential(turn.secret, 'student-1', Date.now(), 600);
    expect(await turnAllocate({ ...tls, username: fresh.username, password: fresh.credential })).toMatchObject({ ok: true });
    const stale = mintTurnCredential(turn.secret, 'student-1', Date.now() - 11 * 60_000, 600);
    expect(await turnAllocate({ ...tls, username: stale.username, password: stale.credential })).toMatchObject({ ok: false, code: 401 });
  }, 20_000);

  it('a credential reused after its expiry is refused: no relay', async () => {
    // Minted 11 minutes ago with a 10 minute lifetime: the page kept it past its expiry.
    const stale = mintTurnCredential(turn.secret, 'student-1', Date.now() - 11 * 60_000, 600);
    expect(stale.expiresAtMs).toBeLessThan(Date.now());
    for (const url of turn.urls) expect(await relayCandidates(url, stale.username, stale.credential)).toEqual([]);
  }, 40_000);

  it('a credential signed with another secret, or an edited expiry, is refused', async () => {
    const forged = mintTurnCredential('another-secret-of-at-least-32-characters', 'student-1', Date.now(), 600);
    expect(await relayCandidates(turn.urls[1] as string, forged.username, forged.credential)).toEqual([]);
    const real = mintTurnCredential(turn.secret, 'student-1', Date.now() - 11 * 60_000, 600);
    const extended = real.username.replace(/^\d+/, String(Math.floor(Date.now() / 1000) + 600));
    expect(await relayCandidates(turn.urls[1] as string, extended, real.credential)).toEqual([]);
  }, 30_000);
});
