/**
 * Issue 10, several nodes (docs/cluster.md "Routing", "A node dies"): real server processes
 * sharing PostgreSQL and Redis. A client on a node that does not host its lesson is redirected
 * to the owner by name; two nodes asked at once agree on one owner; a forged ticket changes
 * nothing; when the owner is SIGKILLed a client coming back with its ticket gets the lesson
 * on a live node at once (the probe, not the node TTL), with the gap in attendance as a
 * reconnection; a draining node (SIGTERM) hands its lesson over; Redis restarting mid-lesson
 * stops nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../platform/index.js';
import { classroom } from '../proto/index.js';
import { startNodeCluster, type NodeCluster } from '../testkit/nodeCluster.js';
import { TestClient } from '../testkit/wsClient.js';

const v1 = classroom.v1;
const NODE_TTL_MS = 6_000;
let cluster: NodeCluster;

beforeAll(async () => {
  cluster = await startNodeCluster({ nodes: 2, studentsInA: 3, nodeTtlMs: NODE_TTL_MS });
}, 180_000);
afterAll(async () => {
  await cluster?.stop();
});

const node = (name: string) => {
  const n = cluster.nodes.get(name);
  if (!n) throw new Error(`no ${name}`);
  return n;
};

function tokenOf(i: number | 'teacher'): string {
  const w = cluster.world;
  const account = i === 'teacher' ? w.teacherA : w.studentsA[i];
  if (!account) throw new Error(`no student ${i}`);
  return cluster.links.mint({ lessonId: w.lessonA.id, userId: account.userId, name: account.displayName, role: i === 'teacher' ? 'teacher' : 'student' });
}

/** Joins on `nodeName`, following redirects like the page does; returns the client, where it ended and its ticket. */
async function joinVia(nodeName: string, who: number | 'teacher', routeTicket = '') {
  let at = nodeName;
  let ticket = routeTicket;
  for (let hop = 0; hop < 3; hop++) {
    const client = await TestClient.connect(node(at).wsUrl);
    const answer = await client.join({ joinToken: tokenOf(who), routeTicket: ticket, micOn: true });
    if (answer.body === 'join') return { client, node: at, ticket: answer.join?.routeTicket ?? '', answer };
    client.close();
    if (answer.body !== 'redirect') throw new Error(`join on ${at}: ${answer.error?.message}`);
    at = answer.redirect?.node ?? '';
    ticket = answer.redirect?.ticket ?? '';
  }
  throw new Error('redirected in circles');
}

describe('a lesson on several nodes', () => {
  let teacher: Awaited<ReturnType<typeof joinVia>>;
  let student: Awaited<ReturnType<typeof joinVia>>;

  it('two nodes asked at once agree on one owner; a client on the other is redirected there by name and joins', async () => {
    const [a, b] = await Promise.all([joinVia('node-1', 'teacher'), joinVia('node-2', 0)]);
    expect(a.node).toBe(b.node);
    expect(await cluster.ownerOf(cluster.world.lessonA.id)).toBe(a.node);
    teacher = a;
    student = b;
    expect(teacher.answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);
    expect((await teacher.client.request({ updateSettings: { autoAdmit: true } })).body).toBe('ack');
    expect((await teacher.client.request({ admit: { all: true } })).body).toBe('ack');
    expect(teacher.ticket).not.toBe('');
    // The redirect itself: a node name, a ticket, nothing that could send a page elsewhere.
    const other = teacher.node === 'node-1' ? 'node-2' : 'node-1';
    const probe = await TestClient.connect(node(other).wsUrl);
    const redirect = await probe.join({ joinToken: tokenOf(1) });
    probe.close();
    expect(redirect.body).toBe('redirect');
    expect(redirect.redirect?.node).toBe(teacher.node);
    expect(redirect.redirect?.ticket).toMatch(/^[\w-]+\.[\w-]+$/);
  });

  it('a forged or altered route ticket is ignored: the live owner keeps the lesson', async () => {
    const owner = teacher.node;
    const other = owner === 'node-1' ? 'node-2' : 'node-1';
    const forged = signToken({ purpose: 'route', exp: Date.now() + 60_000, lessonId: cluster.world.lessonA.id, node: 'node-x.deadbeef' }, 'not-the-cluster-secret-0123456789abcdef');
    const altered = `${teacher.ticket.split('.')[0]}x.${teacher.ticket.split('.')[1]}`;
    for (const routeTicket of [forged, altered, 'garbage']) {
      const c = await TestClient.connect(node(other).wsUrl);
      const answer = await c.join({ joinToken: tokenOf(2), routeTicket });
      c.close();
      expect(answer.redirect?.node).toBe(owner);
    }
    expect(await cluster.ownerOf(cluster.world.lessonA.id)).toBe(owner);
  });

  it('the owner is SIGKILLed: a client coming back with its ticket gets the lesson on the live node well within the node TTL; attendance shows a reconnection', async () => {
    const dead = teacher.node;
    const live = dead === 'node-1' ? 'node-2' : 'node-1';
    await node(dead).crash();
    const started = Date.now();
    const back = await joinVia(live, 0, student.ticket);
    const tookMs = Date.now() - started;
    expect(back.node).toBe(live);
    expect(back.answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);
    // The probe found nobody: no waiting for the dead node's record to expire.
    expect(tookMs).toBeLessThan(NODE_TTL_MS / 2);
    const teacherBack = await joinVia(live, 'teacher', teacher.ticket);
    expect(teacherBack.node).toBe(live);
    // The crashed node's open presences are closed at its last liveness mark when the lesson
    // opens on the live node: join, leave (disconnected), join again.
    const studentId = cluster.world.studentsA[0]?.userId;
    const events = (await cluster.storage.attendance.eventsForLesson(cluster.world.lessonA.id)).filter((e) => e.userId === studentId && (e.kind === 'join' || e.kind === 'leave'));
    expect(events.map((e) => [e.kind, e.kind === 'leave' ? e.reason : null])).toEqual([
      ['join', null],
      ['leave', 'disconnected'],
      ['join', null],
    ]);
    teacher = teacherBack;
    student = back;
  });

  it('Redis restarted mid-lesson: the lesson goes on (chat on the open connections), and joins work again after it', async () => {
    const owner = teacher.node;
    const other = owner === 'node-1' ? 'node-2' : 'node-1';
    await node(other).start(); // the node killed above comes back (a new cluster id)
    await cluster.redis.crash();
    await cluster.redis.restart();
    expect((await teacher.client.request({ sendChat: { text: 'Các em vẫn nghe cô chứ?' } })).body).toBe('ack');
    await student.client.waitForPush((m) => m.chat?.text === 'Các em vẫn nghe cô chứ?', 10_000, 'chat after the Redis restart');
    // The owner's next heartbeat puts its lease back; a join elsewhere is redirected to it.
    const again = await joinVia(other, 1);
    expect(again.node).toBe(owner);
    again.client.close();
  });

  it('the owner drains (SIGTERM): its clients are closed with 4503 and find the lesson on the other node', async () => {
    const draining = teacher.node;
    const other = draining === 'node-1' ? 'node-2' : 'node-1';
    const t0 = Date.now();
    const stopping = node(draining).stop();
    expect(await student.client.waitForClose()).toBe(4503);
    const t1 = Date.now();
    const back = await joinVia(other, 0, student.ticket);
    console.log(`drain: closed after ${t1 - t0} ms, joined elsewhere after ${Date.now() - t1} ms`);
    expect(back.node).toBe(other);
    expect(back.answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);
    await stopping;
    console.log(`drain: stopped after ${Date.now() - t0} ms`);
    back.client.close();
  });
});
