import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeServerFrame } from './codecMirror.js';
import { ServerError, SocketError } from './errors.js';
import { Socket } from './Socket.js';
import type { SocketStatus } from './SocketTypes.js';
import { FakeWebSocketServer } from './testing/FakeWebSocket.js';
import { joinResult, STUDENT_B } from './testing/fixtures.js';
import type { ServerPush } from './types.js';

function setup(options: { requestTimeoutMs?: number; random?: () => number } = {}) {
  const server = new FakeWebSocketServer();
  const socket = new Socket({ url: 'ws://test/ws', createWebSocket: server.factory, random: () => 0, ...options });
  const statuses: SocketStatus[] = [];
  socket.on('status', (s) => statuses.push(s));
  return { server, socket, statuses };
}

const JOIN = { type: 'join', lessonId: 'l1', joinToken: 't', displayName: 'An', lessonPassword: '', resumeToken: '', micOn: false, cameraOn: false } as const;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('Socket', () => {
  it('resolves a request with the response that carries its request id', async () => {
    const { server, socket } = setup();
    socket.connect();
    server.current.open();
    const joined = socket.request(JOIN);
    const { requestId, request } = server.current.last('join');
    expect(requestId).toBeGreaterThan(0);
    expect(request.lessonId).toBe('l1');
    server.current.respond(requestId, { type: 'join', result: joinResult() });
    await expect(joined).resolves.toEqual(joinResult());
  });

  it('matches answers to requests out of order and resolves Acks as void', async () => {
    const { server, socket } = setup();
    socket.connect();
    server.current.open();
    const chat = socket.request({ type: 'sendChat', text: 'a' });
    const state = socket.request({ type: 'setMediaState', micOn: true, cameraOn: false, screenOn: false });
    server.current.respond(server.current.last('setMediaState').requestId, { type: 'ack' });
    server.current.respond(server.current.last('sendChat').requestId, { type: 'error', code: 'TOO_LARGE', message: 'Tin nhắn quá dài', reason: '' });
    await expect(state).resolves.toBeUndefined();
    const error = await chat.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).code).toBe('TOO_LARGE');
    expect((error as ServerError).message).toBe('Tin nhắn quá dài');
  });

  it('rejects a request that gets no answer in time, and ignores the late answer', async () => {
    const { server, socket } = setup({ requestTimeoutMs: 1000 });
    socket.connect();
    server.current.open();
    const chat = socket.request({ type: 'sendChat', text: 'a' });
    const assertion = expect(chat).rejects.toMatchObject({ reason: 'timeout' });
    vi.advanceTimersByTime(1000);
    await assertion;
    expect(() => server.current.respond(server.current.last('sendChat').requestId, { type: 'ack' })).not.toThrow();
  });

  it('resolves the transport requests with their own answers (MediaSetup, Produce, RestartIce)', async () => {
    const { server, socket } = setup();
    socket.connect();
    server.current.open();
    const transport = (id: string) => ({
      id,
      iceParameters: { usernameFragment: 'u', password: 'p', iceLite: true },
      iceCandidates: [{ foundation: 'f', priority: 1, address: '10.0.0.1', protocol: 'udp' as const, port: 40000, type: 'host' as const }],
      dtlsParameters: { role: 'auto' as const, fingerprints: [{ algorithm: 'sha-256', value: 'AB' }] },
    });
    const setupDone = socket.request({ type: 'mediaSetup', rtpCapabilities: { codecs: [] } });
    server.current.respond(server.current.last('mediaSetup').requestId, { type: 'mediaSetup', send: transport('s'), recv: transport('r') });
    await expect(setupDone).resolves.toEqual({ send: transport('s'), recv: transport('r') });
    const produced = socket.request({ type: 'produce', source: 'microphone', kind: 'audio', rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000 }] } });
    server.current.respond(server.current.last('produce').requestId, { type: 'produce', producerId: 'pr1' });
    await expect(produced).resolves.toEqual({ producerId: 'pr1' });
    const ice = socket.request({ type: 'restartIce', direction: 'send' });
    server.current.respond(server.current.last('restartIce').requestId, { type: 'restartIce', iceParameters: { usernameFragment: 'u2', password: 'p2' } });
    await expect(ice).resolves.toEqual({ iceParameters: { usernameFragment: 'u2', password: 'p2' } });
  });

  it('rejects an answer of the wrong type', async () => {
    const { server, socket } = setup();
    socket.connect();
    server.current.open();
    const joined = socket.request(JOIN);
    server.current.respond(server.current.last('join').requestId, { type: 'ack' });
    await expect(joined).rejects.toMatchObject({ reason: 'bad-response' });
  });

  it('fails the waiting request at once when its answer cannot be decoded', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { server, socket } = setup();
    socket.connect();
    server.current.open();
    const joined = socket.request(JOIN);
    const { requestId } = server.current.last('join');
    // An Error whose code (99) this build does not know.
    server.current.deliver(new Uint8Array([0x08, requestId, 0x12, 0x02, 0x08, 99]));
    await expect(joined).rejects.toMatchObject({ reason: 'bad-response' });
  });

  it('refuses requests while not open', async () => {
    const { socket } = setup();
    await expect(socket.request({ type: 'leave' })).rejects.toMatchObject({ reason: 'not-connected' });
    socket.connect();
    await expect(socket.request({ type: 'leave' })).rejects.toBeInstanceOf(SocketError);
  });

  it('dispatches pushes as typed events', () => {
    const { server, socket } = setup();
    const joined: string[] = [];
    const resets: string[] = [];
    socket.pushes.on('participantJoined', (p) => joined.push(p.participant.displayName));
    socket.pushes.on('mediaReset', (p) => resets.push(p.reason));
    socket.connect();
    server.current.open();
    server.current.push({ type: 'participantJoined', participant: STUDENT_B });
    server.current.push({ type: 'mediaReset', reason: 'restart' });
    expect(joined).toEqual(['Trần Thị Bình']);
    expect(resets).toEqual(['restart']);
  });

  it('keeps dispatching when a push listener throws', () => {
    const { server, socket } = setup();
    const seen: ServerPush['type'][] = [];
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    socket.pushes.on('lessonEnded', () => {
      throw new Error('boom');
    });
    socket.pushes.on('lessonEnded', (p) => seen.push(p.type));
    socket.connect();
    server.current.open();
    server.current.push({ type: 'lessonEnded', endedBy: 't' });
    expect(seen).toEqual(['lessonEnded']);
    consoleError.mockRestore();
  });

  it('ignores text frames and frames without a body', () => {
    const { server, socket } = setup();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    socket.connect();
    server.current.open();
    server.current.deliverText('hello');
    server.current.deliver(new Uint8Array([]));
    expect(socket.status).toBe('open');
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('reconnects after a non-final close at once (0–250 ms of jitter), then with backoff 1 s, 2 s, then 3 s', () => {
    // The jitter's random at 0.5: the first retry after 125 ms (it was a fixed 0.5 s, on every
    // page's way back after a node died: bench:failover).
    const { server, socket, statuses } = setup({ random: () => 0.5 });
    const opens: boolean[] = [];
    socket.on('open', ({ reconnect }) => opens.push(reconnect));
    socket.connect();
    server.current.open();
    const delays = [125, 1000, 2000, 3000, 3000];
    for (const delay of delays) {
      const before = server.sockets.length;
      server.current.serverClose(1006);
      expect(socket.status).toBe('reconnecting');
      vi.advanceTimersByTime(delay - 1);
      expect(server.sockets.length).toBe(before);
      vi.advanceTimersByTime(1);
      expect(server.sockets.length).toBe(before + 1);
    }
    server.current.open();
    expect(opens).toEqual([false, true]);
    expect(statuses.at(-1)).toBe('open');
  });

  it('starts the backoff over once the owner marks the connection healthy', () => {
    const { server, socket } = setup();
    socket.connect();
    server.current.open();
    server.current.serverClose(4503);
    vi.advanceTimersByTime(500);
    server.current.open();
    server.current.serverClose(1006);
    vi.advanceTimersByTime(500);
    expect(server.sockets.length).toBe(2); // second step: 1 s
    vi.advanceTimersByTime(500);
    server.current.open();
    socket.markHealthy();
    server.current.serverClose(1006);
    vi.advanceTimersByTime(500);
    expect(server.sockets.length).toBe(4);
  });

  it('rejects pending requests when the connection drops', async () => {
    const { server, socket } = setup();
    socket.connect();
    server.current.open();
    const chat = socket.request({ type: 'sendChat', text: 'a' });
    server.current.serverClose(1006);
    await expect(chat).rejects.toMatchObject({ reason: 'connection-lost' });
  });

  it.each([4401, 4403, 4404, 4409, 4410, 4423, 4426])('does not retry after final close code %i', (code) => {
    const { server, socket } = setup();
    const finals: number[] = [];
    socket.on('final', (info) => finals.push(info.code));
    socket.connect();
    server.current.open();
    server.current.serverClose(code, 'bye');
    vi.advanceTimersByTime(60_000);
    expect(server.sockets.length).toBe(1);
    expect(socket.status).toBe('closed');
    expect(finals).toEqual([code]);
  });

  it('abandons a connection that does not open in time and tries again', () => {
    const server = new FakeWebSocketServer();
    const socket = new Socket({ url: 'ws://test/ws', createWebSocket: server.factory, connectTimeoutMs: 5000 });
    socket.connect();
    vi.advanceTimersByTime(5000);
    expect(server.sockets[0]?.closedWith).not.toBeNull();
    expect(socket.status).toBe('reconnecting');
    vi.advanceTimersByTime(500);
    expect(server.sockets.length).toBe(2);
  });

  it('ignores events of an abandoned WebSocket', () => {
    const { server, socket } = setup();
    socket.connect();
    server.current.open();
    const old = server.current;
    socket.reconnectNow();
    expect(old.closedWith).not.toBeNull();
    expect(server.sockets.length).toBe(2);
    old.serverClose(1006);
    expect(socket.status).toBe('reconnecting');
    vi.advanceTimersByTime(10_000 - 1);
    expect(server.sockets.length).toBe(2);
  });

  it('close() is final, idempotent, and rejects pending requests', async () => {
    const { server, socket } = setup();
    socket.connect();
    server.current.open();
    const chat = socket.request({ type: 'sendChat', text: 'a' });
    socket.close();
    socket.close();
    await expect(chat).rejects.toMatchObject({ reason: 'closed' });
    expect(server.current.closedWith?.code).toBe(1000);
    server.current.serverClose(1006);
    vi.advanceTimersByTime(10_000);
    expect(server.sockets.length).toBe(1);
  });

  it('a raw frame from the mirror decodes (sanity of the fake)', () => {
    expect(encodeServerFrame({ kind: 'push', push: { type: 'mediaReset', reason: '' } }).byteLength).toBeGreaterThan(0);
  });
});
