import { describe, expect, it, vi } from 'vitest';
import { STUDENT_A, STUDENT_B, TEACHER } from '../net/testing/fixtures.js';
import { breakout, broadcastToGroups, myGroup, roomMessages, startByHand, startRandom, visitGroup } from './breakout.js';
import { receiveChat } from './chat.js';
import { notice } from './connection.js';
import { remoteParticipants } from './lesson.js';
import { lessonHarness } from './testing/lessonHarness.js';

const { joinAs, asTeacher } = lessonHarness();

describe('breakout groups', () => {
  const GROUPS = { active: true, startedAtMs: 9, groups: [{ id: 'g1', name: 'Nhóm 1', participantIds: [STUDENT_A.id] }, { id: 'g2', name: 'Nhóm 2', participantIds: [STUDENT_B.id] }] };

  it('a student sees their group, its chat only, the teacher\'s broadcasts, and the return', async () => {
    const ws = await joinAs();
    receiveChat({ id: 'm0', participantId: TEACHER.id, displayName: 'Cô Lan', text: 'Cả lớp', sentAtMs: 1, groupId: '' }, STUDENT_A.id);
    ws.push({ type: 'breakout', state: GROUPS });
    ws.push({ type: 'participantUpdated', participant: { ...STUDENT_A, groupId: 'g1' } });
    ws.push({ type: 'participantUpdated', participant: { ...STUDENT_B, groupId: 'g2' } });
    expect(myGroup.value?.name).toBe('Nhóm 1');
    expect(notice.value).toContain('Nhóm 1');
    expect(remoteParticipants.value.map((p) => p.id)).toEqual([]); // the teacher and B are elsewhere
    ws.push({ type: 'chat', message: { id: 'm1', participantId: STUDENT_A.id, displayName: STUDENT_A.displayName, text: 'Nhóm 1 đây', sentAtMs: 2, groupId: 'g1' } });
    expect(roomMessages.value.map((m) => m.id)).toEqual(['m1']); // the main room's chat is not the group's
    ws.push({ type: 'groupBroadcast', text: 'Còn 5 phút', fromParticipantId: TEACHER.id, sentAtMs: 3 });
    expect(notice.value).toBe('Giáo viên nhắn: Còn 5 phút');
    ws.push({ type: 'participantUpdated', participant: { ...TEACHER, groupId: 'g1' } });
    expect(remoteParticipants.value.map((p) => p.id)).toEqual([TEACHER.id]); // the teacher visits
    ws.push({ type: 'breakout', state: { active: false, groups: [], startedAtMs: 0 } });
    ws.push({ type: 'participantUpdated', participant: { ...STUDENT_A, groupId: '' } });
    expect(notice.value).toBe('Đã kết thúc thảo luận nhóm. Bạn đã trở về lớp chính.');
    expect(roomMessages.value.map((m) => m.id)).toEqual(['c1', 'm0']);
  });

  it('the teacher starts randomly or by hand, visits, broadcasts', async () => {
    const ws = await joinAs(asTeacher());
    void startRandom(3);
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('startBreakout').request).toEqual({ type: 'startBreakout', groups: [], randomGroupCount: 3 });
    void startByHand(new Map([[STUDENT_A.id, 2], [STUDENT_B.id, 2], ['p-x', 0]]), 2);
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('startBreakout').request).toEqual({ type: 'startBreakout', groups: [{ name: 'Nhóm 2', participantIds: [STUDENT_A.id, STUDENT_B.id] }], randomGroupCount: 0 });
    await expect(startRandom(0)).resolves.toBe(false);
    ws.push({ type: 'breakout', state: GROUPS });
    expect(breakout.value.groups).toHaveLength(2);
    void visitGroup('g2');
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('visitBreakoutGroup').request).toEqual({ type: 'visitBreakoutGroup', groupId: 'g2' });
    void broadcastToGroups('  Còn 5 phút ');
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('broadcastToGroups').request.text).toBe('Còn 5 phút');
  });
});
