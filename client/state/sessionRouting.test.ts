/** The page on a cluster (docs/cluster.md "Routing"): redirects by node name, tickets, back through the balancer. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWebSocketServer } from '../net/testing/FakeWebSocket.js';
import { joinResult } from '../net/testing/fixtures.js';
import { phase, upgradeBlocked } from './connection.js';
import { nodeUrl } from './sessionRouting.js';
import { joinLesson, resetToJoin } from './session.js';
import { fakeTransportLoader } from './testing/lessonHarness.js';

let server: FakeWebSocketServer;

function start(): Promise<void> {
  return joinLesson({ lessonId: 'lesson-1', joinToken: 'payload.signature', displayName: 'An', url: 'wss://lophoc.example.vn/ws', createWebSocket: server.factory, loadTransportController: fakeTransportLoader });
}

function redirect(node: string, ticket: string): void {
  const ws = server.current;
  ws.open();
  ws.respond(ws.last('join').requestId, { type: 'redirect', node, ticket });
}

beforeEach(() => {
  vi.useFakeTimers();
  server = new FakeWebSocketServer();
  resetToJoin();
  for (const method of ['info', 'warn', 'debug'] as const) vi.spyOn(console, method).mockImplementation(() => undefined);
});

afterEach(async () => {
  resetToJoin();
  await vi.advanceTimersByTimeAsync(0);
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('lesson session on a cluster', () => {
  it('nodeUrl keeps the page\'s own address and only adds ?node=', () => {
    expect(nodeUrl('wss://lophoc.example.vn/ws', 'node-2')).toBe('wss://lophoc.example.vn/ws?node=node-2');
    expect(nodeUrl('wss://lophoc.example.vn/ws?node=node-1', 'node-3')).toBe('wss://lophoc.example.vn/ws?node=node-3');
  });

  it('follows a redirect at once to ?node=<name> on the same address, joins there with the ticket, and keeps the new ticket', async () => {
    const joined = start();
    redirect('node-2', 'ticket-from-node-1');
    await vi.advanceTimersByTimeAsync(0);
    const second = server.current;
    expect(server.sockets).toHaveLength(2);
    expect(second.url).toBe('wss://lophoc.example.vn/ws?node=node-2');
    second.open();
    expect(second.last('join').request).toMatchObject({ routeTicket: 'ticket-from-node-1', resumeToken: '' });
    second.respond(second.last('join').requestId, { type: 'join', result: joinResult({ routeTicket: 'ticket-of-node-2' }) });
    await joined;
    expect(phase.value).toBe('live');

    // The connection drops: back through the balancer (the node may be gone) with node-2's ticket.
    second.serverClose(1006);
    await vi.advanceTimersByTimeAsync(600);
    const third = server.current;
    expect(third.url).toBe('wss://lophoc.example.vn/ws');
    third.open();
    expect(third.last('join').request).toMatchObject({ routeTicket: 'ticket-of-node-2' });
  });

  it('the node it was sent to dies before the page gets there: the failed connection goes back through the balancer, with the ticket naming that node', async () => {
    void start();
    redirect('node-2', 'ticket-naming-node-2');
    await vi.advanceTimersByTimeAsync(0);
    const gone = server.current;
    expect(gone.url).toBe('wss://lophoc.example.vn/ws?node=node-2');
    // The balancer has no live server for node-2: the upgrade fails, the socket never opens.
    gone.serverClose(1006);
    await vi.advanceTimersByTimeAsync(600);
    const next = server.current;
    expect(server.sockets).toHaveLength(3);
    expect(next.url).toBe('wss://lophoc.example.vn/ws');
    next.open();
    // The node reached probes node-2 (named by the ticket) and takes the lesson over (clusterFailover.int.test.ts).
    expect(next.last('join').request).toMatchObject({ routeTicket: 'ticket-naming-node-2' });
  });

  it('a redirect to something that is not a node name is refused: the page never leaves its address', async () => {
    void start();
    redirect('evil.example.com/ws?x=1', 't');
    await vi.advanceTimersByTimeAsync(0);
    // The codec refused the answer: no connection to another URL was opened.
    expect(server.sockets.map((s) => s.url).every((u) => u === 'wss://lophoc.example.vn/ws')).toBe(true);
  });

  it('after 3 redirects in a row it stops following and retries through the balancer later', async () => {
    void start();
    for (let i = 0; i < 3; i++) {
      redirect(`node-${i + 1}`, `t${i}`);
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(server.sockets).toHaveLength(4);
    redirect('node-4', 't3');
    await vi.advanceTimersByTimeAsync(0);
    expect(server.sockets).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(2100);
    expect(server.sockets).toHaveLength(5);
    expect(server.current.url).toBe('wss://lophoc.example.vn/ws');
  });

  it('a balancer that drops WebSocket upgrades: the first join keeps retrying through it and, after 3 failed opens, says why; it goes on once one opens', async () => {
    const joined = start();
    for (let i = 0; i < 3; i++) {
      server.current.serverClose(1006); // the upgrade was refused: the socket never opened
      await vi.advanceTimersByTimeAsync(3100);
    }
    expect(server.sockets).toHaveLength(4);
    expect(server.sockets.every((ws) => ws.url === 'wss://lophoc.example.vn/ws')).toBe(true);
    expect(phase.value).toBe('connecting');
    expect(upgradeBlocked.value).toBe(true);
    const ws = server.current;
    ws.open();
    expect(upgradeBlocked.value).toBe(false);
    ws.respond(ws.last('join').requestId, { type: 'join', result: joinResult() });
    await joined;
    expect(phase.value).toBe('live');
  });
});
