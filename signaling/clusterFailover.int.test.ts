/**
 * Issue 10, several nodes (docs/cluster.md "Routing", "A node dies"): real server processes
 * sharing PostgreSQL and Redis. A client on a node that does not host its lesson is redirected
 * to the owner by name; two nodes asked at once agree on one owner; a forged ticket changes
 * nothing; when the owner is SIGKILLed a client coming back with its ticket gets the lesson
 * on a live node at once (the probe, not the node TTL), with the gap in attendance as a
 * reconnection, and the lesson's transient state (raised hands in their order, the open
 * breakout groups, the recent chat of each room) comes back from Redis on the new owner; a
 * draining node (SIGTERM) hands its lesson over, state included; Redis restarting mid-lesson
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
  cluster = await startNodeCluster({ nodes: 3, studentsInA: 3, nodeTtlMs: NODE_TTL_MS });
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

/**
 * Joins on `nodeName`, following redirects like the page does; returns the client, where it ended
 * and its ticket. Like the page (client/state/sessionRouting.ts), a redirect to a node whose
 * listener is already closed (a draining owner that has not released the lesson yet) is retried
 * from the start after a pause, for up to `refusedForMs`.
 */
async function joinVia(nodeName: string, who: number | 'teacher', routeTicket = '', refusedForMs = 5_000) {
  const giveUpAt = Date.now() + refusedForMs;
  let ticket = routeTicket;
  for (;;) {
    let at = nodeName;
    for (let hop = 0; hop < 3; hop++) {
      let client: TestClient;
      try {
        client = await TestClient.connect(node(at).wsUrl);
      } catch (err) {
        if (hop === 0 || Date.now() > giveUpAt) throw new Error(`join via ${nodeName}, hop ${hop}: cannot connect to ${at}: ${String(err)}`);
        break;
      }
      const answer = await client.join({ joinToken: tokenOf(who), routeTicket: ticket, micOn: true });
      if (answer.body === 'join') return { client, node: at, ticket: answer.join?.routeTicket ?? '', answer };
      client.close();
      if (answer.body !== 'redirect') throw new Error(`join on ${at}: ${answer.error?.message}`);
      at = answer.redirect?.node ?? '';
      ticket = answer.redirect?.ticket ?? '';
      if (hop === 2) throw new Error('redirected in circles');
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

type Joined = Awaited<ReturnType<typeof joinVia>>;
const snapshotOf = (j: Joined) => j.answer.join?.snapshot;
const names = (entries: ReadonlyArray<{ displayName?: string | null }> | null | undefined) => (entries ?? []).map((e) => e.displayName);
const nameOf = (i: number) => cluster.world.studentsA[i]?.displayName ?? '';

describe('a lesson on several nodes', () => {
  let teacher: Joined;
  let student: Joined;
  /** Student 1, the one whose hand went up first. */
  let early: Joined;

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

  it('a request that lost its WebSocket upgrade on the way (a balancer that drops it) is answered 426 saying what to fix', async () => {
    const res = await fetch(`${node('node-3').httpUrl}/ws`);
    expect(res.status).toBe(426);
    expect(res.headers.get('upgrade')).toBe('websocket');
    expect(await res.text()).toMatch(/without "Upgrade: websocket".*Upgrade and Connection headers/);
    // The lesson's own WebSocket on the same path still works.
    const c = await TestClient.connect(node('node-3').wsUrl);
    c.close();
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

  it("before the kill: hands go up (student 1, then student 0), the teacher opens a group for student 0 and writes in the main room, student 0 in the group", async () => {
    early = await joinVia(teacher.node, 1);
    expect((await early.client.request({ raiseHand: {} })).body).toBe('ack');
    expect((await student.client.request({ raiseHand: {} })).body).toBe('ack');
    expect((await teacher.client.request({ sendChat: { text: 'Bài 5: phương trình bậc nhất' } })).body).toBe('ack');
    const s0 = student.answer.join?.participantId ?? '';
    expect((await teacher.client.request({ startBreakout: { groups: [{ name: 'Nhóm Hình học', participantIds: [s0] }] } })).body).toBe('ack');
    expect((await student.client.request({ sendChat: { text: 'Nhóm mình làm câu 2' } })).body).toBe('ack');
    const queue = await teacher.client.waitForPush((m) => m.handQueue?.entries?.length === 2, 5_000, 'two hands');
    expect(names(queue.handQueue?.entries)).toEqual([nameOf(1), nameOf(0)]);
  });

  it('the owner is SIGKILLed: a client coming back with its ticket gets the lesson on the live node well within the node TTL; attendance shows a reconnection; hands, groups and recent chat come back', async () => {
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
    // Student 0 is back in their breakout group, with the group's chat, and their hand is up (new participant id).
    const mine = snapshotOf(back);
    const group = mine?.breakout?.groups?.[0];
    expect(mine?.breakout?.active).toBe(true);
    expect(group?.name).toBe('Nhóm Hình học');
    expect(group?.participantIds).toEqual([back.answer.join?.participantId]);
    expect((mine?.recentChat ?? []).map((m) => [m.text, m.participantId])).toEqual([['Nhóm mình làm câu 2', back.answer.join?.participantId]]);
    expect(names(mine?.handQueue)).toEqual([nameOf(0)]);
    const teacherBack = await joinVia(live, 'teacher', teacher.ticket);
    expect(teacherBack.node).toBe(live);
    const seen = snapshotOf(teacherBack);
    expect((seen?.recentChat ?? []).map((m) => m.text)).toEqual(['Bài 5: phương trình bậc nhất']);
    expect(seen?.breakout?.groups?.map((g) => g.name)).toEqual(['Nhóm Hình học']);
    // Student 1 raised first: when they come back, their hand goes back in front of student 0's.
    const earlyBack = await joinVia(live, 1, early.ticket);
    const queue = await teacherBack.client.waitForPush((m) => m.handQueue?.entries?.length === 2, 5_000, 'both hands back');
    expect(names(queue.handQueue?.entries)).toEqual([nameOf(1), nameOf(0)]);
    console.log(`failover: lesson state (hands, groups, recent chat) restored ${Date.now() - started} ms after the first client came back`);
    // The crashed node's open presences are closed at its last liveness mark when the lesson
    // opens on the live node: join, leave (disconnected), join again.
    const studentId = cluster.world.studentsA[0]?.userId;
    const events = (await cluster.storage.attendance.eventsForLesson(cluster.world.lessonA.id)).filter((e) => e.userId === studentId && (e.kind === 'join' || e.kind === 'leave'));
    expect(events.map((e) => [e.kind, e.kind === 'leave' ? e.reason : null])).toEqual([
      ['join', null],
      ['leave', 'disconnected'],
      ['join', null],
    ]);
    expect((await teacherBack.client.request({ endBreakout: {} })).body).toBe('ack');
    teacher = teacherBack;
    student = back;
    early = earlyBack;
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
    const again = await joinVia(other, 2);
    expect(again.node).toBe(owner);
    again.client.close();
  });

  it('the owner drains (SIGTERM): its clients are closed with 4503 and find the lesson on the other node, with its hands and recent chat', async () => {
    const draining = teacher.node;
    const other = draining === 'node-1' ? 'node-2' : 'node-1';
    // Redis restarted empty above: what is kept now is what changed since (docs/cluster.md).
    expect((await early.client.request({ lowerHand: { participantId: '' } })).body).toBe('ack');
    expect((await teacher.client.request({ sendChat: { text: 'Cả lớp chuẩn bị chuyển máy' } })).body).toBe('ack');
    const t0 = Date.now();
    const stopping = node(draining).stop();
    expect(await student.client.waitForClose()).toBe(4503);
    const t1 = Date.now();
    const back = await joinVia(other, 0, student.ticket);
    console.log(`drain: closed after ${t1 - t0} ms, joined elsewhere after ${Date.now() - t1} ms`);
    expect(back.node).toBe(other);
    expect(back.answer.join?.admission).toBe(v1.AdmissionStatus.ADMISSION_STATUS_ADMITTED);
    const seen = snapshotOf(back);
    expect((seen?.recentChat ?? []).map((m) => m.text)).toContain('Cả lớp chuẩn bị chuyển máy');
    expect(names(seen?.handQueue)).toEqual([nameOf(0)]);
    expect(seen?.breakout?.active).toBe(false);
    await stopping;
    console.log(`drain: stopped after ${Date.now() - t0} ms`);
    back.client.close();
  });
});
