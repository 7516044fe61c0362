import { describe, expect, it, vi } from 'vitest';
import { FakePeerConnection } from '../media/testing/FakePeerConnection.js';
import { fakeConsumer, fakeTransport } from '../media/testing/FakeTransportSignal.js';
import type { FirstSoundDeps } from '../media/firstSound/FirstSound.js';
import { decodeClientMessage, encodeServerFrame } from '../net/codecMirror.js';
import { RedirectError } from '../net/errors.js';
import { Socket } from '../net/Socket.js';
import { joinResult } from '../net/testing/fixtures.js';
import type { ClientRequest, ServerPush, ServerResponse } from '../net/types.js';
import { log } from '../util/log.js';
import { EntryConnection, leadingRequestId } from './EntryConnection.js';
import type { EntryJoin } from './entryWire.js';

/** The browser's WebSocket as the entry uses it: the test opens it, answers and closes it. */
class FakeBrowserSocket {
  readyState = 0;
  binaryType = 'blob';
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  readonly frames: Uint8Array[] = [];
  send(frame: Uint8Array): void {
    if (this.readyState !== 1) throw new Error('not open');
    this.frames.push(frame);
  }
  close(code = 1000, reason = ''): void {
    this.serverClose(code, reason);
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  respond(requestId: number, response: ServerResponse): void {
    this.deliver(encodeServerFrame({ kind: 'response', requestId, response }));
  }
  push(push: ServerPush): void {
    this.deliver(encodeServerFrame({ kind: 'push', push }));
  }
  deliver(bytes: Uint8Array): void {
    // A copy of its own: in Node the encoder's bytes are a view into a shared slab (and Buffer's slice is a view too).
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    this.onmessage?.({ data: copy.buffer });
  }
  serverClose(code: number, reason = ''): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
  requests(): Array<{ requestId: number; request: ClientRequest }> {
    return this.frames.map((f) => decodeClientMessage(f));
  }
  last<T extends ClientRequest['type']>(type: T): { requestId: number; request: Extract<ClientRequest, { type: T }> } {
    const found = this.requests().filter((r) => r.request.type === type).pop();
    if (!found) throw new Error(`no ${type} sent`);
    return found as { requestId: number; request: Extract<ClientRequest, { type: T }> };
  }
}

const JOIN: EntryJoin = { lessonId: 'lesson-1', joinToken: 'tok.sig', displayName: 'Nguyễn Văn An', lessonPassword: '', micOn: false, cameraOn: true, mediaAtJoin: true };
const APP_JOIN = { type: 'join', lessonId: 'lesson-1', joinToken: 'tok.sig', displayName: 'Nguyễn Văn An', lessonPassword: '', resumeToken: '', micOn: false, cameraOn: true, mediaAtJoin: true } as const;

function setup() {
  const ws = new FakeBrowserSocket();
  const pcs: FakePeerConnection[] = [];
  const deps: FirstSoundDeps = {
    createPeerConnection: () => {
      const pc = new FakePeerConnection();
      pcs.push(pc);
      return pc as unknown as RTCPeerConnection;
    },
    play: () => ({ stop: () => undefined }),
  };
  const connection = new EntryConnection(ws as unknown as WebSocket, JOIN, deps);
  return { ws, pcs, connection };
}

/** The app's socket on the entry's connection, with a log of what it saw in order. */
function appSocket(connection: EntryConnection) {
  const seen: string[] = [];
  // The entry's connection once, as the app's factory (state/entryJoin.ts); a reconnection's socket here never opens.
  let adopted = false;
  const socket = new Socket({
    url: 'ws://school.example/ws',
    createWebSocket: (_url, handlers) => {
      if (adopted) return { send: () => undefined, close: () => undefined };
      adopted = true;
      return connection.adopt(handlers);
    },
  });
  socket.pushes.on('participantLeft', (p) => seen.push(`push:${p.participantId}`));
  const joined = new Promise<unknown>((resolve, reject) => {
    socket.on('open', () => {
      seen.push('open');
      socket.request(APP_JOIN).then((result) => {
        seen.push(`joined:${result.participantId}`);
        resolve(result);
      }, reject);
    });
  });
  socket.on('disconnected', ({ code }) => seen.push(`disconnected:${code}`));
  socket.connect();
  return { socket, seen, joined };
}

/** Lets the frames handed to the app arrive (one per task, as a browser's). */
const flush = () => new Promise((r) => setTimeout(r, 20));

describe('EntryConnection', () => {
  it('sends the join and, right behind it, the first sound, with request ids the app never uses', () => {
    const { ws } = setup();
    expect(ws.frames).toHaveLength(0);
    ws.open();
    const sent = ws.requests();
    expect(sent.map((r) => r.request.type)).toEqual(['join', 'firstSound']);
    expect(sent[0]?.request).toMatchObject(APP_JOIN);
    for (const r of sent) expect(r.requestId).toBeGreaterThanOrEqual(0xfff0_0000);
  });

  it("answers the app's own join with the answer it received, then gives it the frames that came after, in order", async () => {
    const { ws, connection } = setup();
    ws.open();
    const join = ws.last('join');
    ws.respond(join.requestId, { type: 'join', result: joinResult({ participantId: 'p-entry' }) });
    ws.push({ type: 'participantLeft', participantId: 'p-other', reason: 'left' });
    const { seen, joined } = appSocket(connection);
    await joined;
    await flush();
    expect(seen).toEqual(['open', 'joined:p-entry', 'push:p-other']);
    // The server had the join once: the app's was answered here.
    expect(ws.requests().filter((r) => r.request.type === 'join')).toHaveLength(1);
  });

  it("holds the app's join until the entry's is answered, and sends the app's later requests", async () => {
    const { ws, connection } = setup();
    const { socket, seen, joined } = appSocket(connection);
    ws.open();
    await flush();
    expect(seen).toEqual(['open']);
    ws.push({ type: 'participantLeft', participantId: 'p-early', reason: 'left' });
    await flush();
    expect(seen).toEqual(['open']);
    ws.respond(ws.last('join').requestId, { type: 'join', result: joinResult({ participantId: 'p-late' }) });
    await joined;
    await flush();
    expect(seen).toEqual(['open', 'joined:p-late', 'push:p-early']);
    const raising = socket.request({ type: 'raiseHand' });
    const sent = ws.last('raiseHand');
    expect(sent.requestId).toBeLessThan(0xfff0_0000);
    ws.respond(sent.requestId, { type: 'ack' });
    await expect(raising).resolves.toBeUndefined();
  });

  it('gives the app a redirect to its join as its own', async () => {
    const { ws, connection } = setup();
    ws.open();
    ws.respond(ws.last('join').requestId, { type: 'redirect', node: 'node-b', ticket: 't-1' });
    const { joined } = appSocket(connection);
    await expect(joined).rejects.toBeInstanceOf(RedirectError);
  });

  it('plays the offered first sound, connects it with its own request, and answers that after the hand-over too', async () => {
    const { ws, pcs, connection } = setup();
    ws.open();
    const join = ws.last('join');
    const ask = ws.last('firstSound');
    ws.respond(join.requestId, { type: 'join', result: joinResult({ iceServers: [{ urls: ['turn:turn.example:443?transport=tcp'], username: 'u', credential: 'c' }] }) });
    ws.respond(ask.requestId, { type: 'firstSound', offer: { transport: fakeTransport('fs-1'), consumer: fakeConsumer('c-fs', 'teacher', 'microphone') } });
    await flush();
    const connect = ws.last('firstSoundConnect');
    expect(connect.request.transportId).toBe('fs-1');
    expect(connect.requestId).toBeGreaterThanOrEqual(0xfff0_0000);
    const { joined } = appSocket(connection);
    await joined;
    const debug = vi.spyOn(log, 'debug');
    ws.respond(connect.requestId, { type: 'ack' });
    const sound = await connection.firstSound;
    expect(sound?.transportId).toBe('fs-1');
    expect(pcs).toHaveLength(1);
    sound?.close();
    const close = ws.last('firstSoundClose');
    ws.respond(close.requestId, { type: 'ack' });
    await flush();
    // Neither answer went to the app's socket (it would log an answer to an unknown request).
    expect(debug).not.toHaveBeenCalled();
    debug.mockRestore();
  });

  it('resolves the first sound with null when there is nothing to hear or it was refused', async () => {
    const { ws, connection } = setup();
    ws.open();
    ws.respond(ws.last('join').requestId, { type: 'join', result: joinResult({ admission: 'waiting', snapshot: null }) });
    ws.respond(ws.last('firstSound').requestId, { type: 'error', code: 'NOT_JOINED', message: 'in the lobby', reason: '' });
    await expect(connection.firstSound).resolves.toBeNull();
    const second = setup();
    second.ws.open();
    second.ws.respond(second.ws.last('firstSound').requestId, { type: 'firstSound', offer: null });
    await expect(second.connection.firstSound).resolves.toBeNull();
  });

  it('reports a socket lost before the app came as a drop, so that the app reconnects', async () => {
    const { ws, connection } = setup();
    ws.open();
    ws.serverClose(1006);
    const { seen } = appSocket(connection);
    await flush();
    expect(seen).toEqual(['disconnected:1006']);
    await expect(connection.firstSound).resolves.toBeNull();
  });

  it('gives the app the close after the frames that came before it', async () => {
    const { ws, connection } = setup();
    const { seen } = appSocket(connection);
    ws.open();
    ws.respond(ws.last('join').requestId, { type: 'join', result: joinResult({ participantId: 'p-1' }) });
    ws.push({ type: 'participantLeft', participantId: 'p-2', reason: 'left' });
    await flush();
    ws.serverClose(4000, 'going');
    await flush();
    expect(seen).toEqual(['open', 'joined:p-1', 'push:p-2', 'disconnected:4000']);
  });
});

describe('leadingRequestId', () => {
  it("reads the request id the app's codec writes first, and refuses other frames", () => {
    expect(leadingRequestId(Uint8Array.of(0x08, 0x96, 0x01, 0x52, 0x00))).toBe(150);
    expect(leadingRequestId(Uint8Array.of(0x08, 0xff, 0xff, 0xff, 0xff, 0x0f))).toBe(0xffff_ffff);
    expect(() => leadingRequestId(Uint8Array.of(0x52, 0x00))).toThrow();
    expect(() => leadingRequestId(Uint8Array.of(0x08, 0x80))).toThrow();
  });
});
