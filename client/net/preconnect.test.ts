import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dropPreconnection, preconnect, preconnectedWebSocket } from './preconnect.js';
import type { WebSocketHandlers } from './SocketTypes.js';

/** A browser WebSocket stand-in: records what was made and lets the test open and close it. */
class FakeWebSocket {
  static made: FakeWebSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  closedWith: number | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  constructor(readonly url: string) {
    FakeWebSocket.made.push(this);
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  serverClose(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
  close(code: number): void {
    this.closedWith = code;
    this.readyState = 3;
  }
  send(): void {}
}

function handlers(): WebSocketHandlers & { events: string[] } {
  const events: string[] = [];
  return { events, onOpen: () => events.push('open'), onMessage: (d) => events.push(`message:${String(d)}`), onClose: (c) => events.push(`close:${c}`) };
}

const URL_A = 'ws://school.test/ws';

beforeEach(() => {
  FakeWebSocket.made = [];
  vi.stubGlobal('WebSocket', FakeWebSocket);
});
afterEach(() => {
  dropPreconnection();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('preconnect', () => {
  it('hands the socket opened ahead to the session, which hears its open, messages and close', async () => {
    preconnect(URL_A);
    preconnect(URL_A); // a second call keeps the first socket
    expect(FakeWebSocket.made).toHaveLength(1);
    const held = FakeWebSocket.made[0] as FakeWebSocket;
    expect(held.binaryType).toBe('arraybuffer');
    held.open();
    const h = handlers();
    expect(preconnectedWebSocket(URL_A, h)).toBe(held);
    await Promise.resolve();
    held.onmessage?.({ data: 'frame' });
    held.serverClose(1006);
    expect(h.events).toEqual(['open', 'message:frame', 'close:1006']);
    // Taken once: the next connection (a reconnection) is a new socket.
    preconnectedWebSocket(URL_A, handlers());
    expect(FakeWebSocket.made).toHaveLength(2);
  });

  it('a socket still opening is handed over and reports its open when it comes', () => {
    preconnect(URL_A);
    const h = handlers();
    expect(preconnectedWebSocket(URL_A, h)).toBe(FakeWebSocket.made[0]);
    expect(h.events).toEqual([]);
    FakeWebSocket.made[0]?.open();
    expect(h.events).toEqual(['open']);
  });

  it('is closed by the page before the server would time it out, and a fresh one is made on demand', () => {
    vi.useFakeTimers();
    preconnect(URL_A);
    const held = FakeWebSocket.made[0] as FakeWebSocket;
    held.open();
    vi.advanceTimersByTime(6000);
    expect(held.closedWith).toBe(1000);
    const ws = preconnectedWebSocket(URL_A, handlers());
    expect(ws).not.toBe(held);
    expect(FakeWebSocket.made).toHaveLength(2);
  });

  it('is not used once the server closed it, nor for another address (which closes it)', () => {
    preconnect(URL_A);
    const first = FakeWebSocket.made[0] as FakeWebSocket;
    first.serverClose(4408);
    expect(preconnectedWebSocket(URL_A, handlers())).not.toBe(first);

    preconnect(URL_A);
    const second = FakeWebSocket.made[2] as FakeWebSocket;
    preconnectedWebSocket('ws://school.test/ws?node=n2', handlers());
    expect(FakeWebSocket.made.at(-1)?.url).toBe('ws://school.test/ws?node=n2');
    expect(second.closedWith).toBe(1000);
  });

  describe('the socket opened by the HTML (client/index.html)', () => {
    const early = (url: string, ageMs: number) => {
      const ws = new FakeWebSocket(url);
      (globalThis as Record<string, unknown>)['__lophocEarlyWs'] = { url, ws, at: Date.now() - ageMs };
      return ws;
    };
    afterEach(() => {
      delete (globalThis as Record<string, unknown>)['__lophocEarlyWs'];
    });

    it('is adopted by the first preconnect and handed to the session, for the rest of the hold time only', () => {
      vi.useFakeTimers();
      const ws = early(URL_A, 2000);
      preconnect(URL_A);
      expect(FakeWebSocket.made).toHaveLength(1); // no second socket
      expect((globalThis as Record<string, unknown>)['__lophocEarlyWs']).toBeUndefined();
      vi.advanceTimersByTime(3999);
      expect(ws.closedWith).toBeNull();
      ws.open();
      const h = handlers();
      expect(preconnectedWebSocket(URL_A, h)).toBe(ws);
      expect(ws.binaryType).toBe('arraybuffer');
    });

    it('counts its age: held 6 s after it was opened, not after it was adopted', () => {
      vi.useFakeTimers();
      const ws = early(URL_A, 2000);
      preconnect(URL_A);
      vi.advanceTimersByTime(4000);
      expect(ws.closedWith).toBe(1000);
    });

    it('is closed, and a fresh one made, when too old or for another address', () => {
      const old = early(URL_A, 6000);
      preconnect(URL_A);
      expect(old.closedWith).toBe(1000);
      expect(FakeWebSocket.made).toHaveLength(2);
      dropPreconnection();

      const elsewhere = early('ws://other.test/ws', 0);
      preconnect(URL_A);
      expect(elsewhere.closedWith).toBe(1000);
      expect(FakeWebSocket.made.at(-1)?.url).toBe(URL_A);
    });
  });
});
