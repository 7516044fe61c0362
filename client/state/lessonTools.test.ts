import { describe, expect, it, vi } from 'vitest';
import { FakeMediaStreamTrack } from '../media/testing/FakeMediaStreamTrack.js';
import { joinResult, participant, snapshot, STUDENT_A, STUDENT_B, TEACHER } from '../net/testing/fixtures.js';
import type { LobbyEntry } from '../net/index.js';
import { attendanceRows, attendanceSummary, refreshAttendance } from './attendance.js';
import { finalState, notice, phase } from './connection.js';
import { remoteParticipants, settings } from './lesson.js';
import { admission, admitEveryone, admitStudent, changeSettings, denyStudent, lobbyCount, lobbyEntries, micLockedByTeacher } from './lobby.js';
import { mayShareScreen, screenSharing, screenSupported, setScreenSource, startScreenShare } from './screenShare.js';
import { lessonPasswordPrompt } from './session.js';
import { forceOff, muteAll, removeFromLesson, setScreenPermission } from './supervision.js';
import { cameraOn, micOn } from './selfMedia.js';
import { lessonHarness } from './testing/lessonHarness.js';

const h = lessonHarness();
const { start, joinAs, asTeacher, answerMedia, ack } = h;

const WAITING: LobbyEntry = { participantId: 'p-wait', userId: 'u-w', displayName: 'Phạm Gia Bảo', waitingSinceMs: 5, classMember: true };

describe('lobby and admission', () => {
  it('a student waits, then enters when admitted', async () => {
    await joinAs(joinResult({ admission: 'waiting', snapshot: null }));
    expect(admission.value).toBe('waiting');
    expect(phase.value).toBe('waiting');
    h.server.current.push({ type: 'admission', admitted: true, snapshot: snapshot(), deniedReason: '' });
    expect(admission.value).toBe('admitted');
    expect(phase.value).toBe('live');
  });

  it('a refused student sees the final screen with the teacher\'s reason at once, before the close', async () => {
    await joinAs(joinResult({ admission: 'waiting', snapshot: null }));
    h.server.current.push({ type: 'admission', admitted: false, snapshot: null, deniedReason: 'Em vào nhầm tiết' });
    expect(admission.value).toBe('denied');
    expect(finalState.value).toMatchObject({ reason: 'denied', detail: 'Em vào nhầm tiết' });
  });

  it('the teacher sees the lobby of the snapshot and its updates, and is told who arrives', async () => {
    const ws = await joinAs(asTeacher({ lobby: [WAITING] }));
    expect(lobbyCount.value).toBe(1);
    const second = { ...WAITING, participantId: 'p-w2', displayName: 'Đỗ Thu Hà' };
    ws.push({ type: 'lobbyUpdated', entries: [WAITING, second] });
    expect(lobbyEntries.value.map((e) => e.participantId)).toEqual(['p-wait', 'p-w2']);
    expect(notice.value).toBe('Đỗ Thu Hà đang chờ vào lớp.');
    ws.push({ type: 'lobbyUpdated', entries: [] });
    expect(lobbyCount.value).toBe(0);
  });

  it('admit, admit all, deny with a reason and settings go out as the protocol says', async () => {
    const ws = await joinAs(asTeacher({ lobby: [WAITING] }));
    const admitted = admitStudent('p-wait');
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('admit').request).toEqual({ type: 'admit', participantIds: ['p-wait'], all: false });
    await ack(ws, 'admit');
    await expect(admitted).resolves.toBe(true);
    void admitEveryone();
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('admit').request).toEqual({ type: 'admit', participantIds: [], all: true });
    void denyStudent('p-wait', `  ${'x'.repeat(250)}  `);
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('deny').request.reason).toHaveLength(200);
    void changeSettings({ autoAdmit: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('updateSettings').request).toEqual({ type: 'updateSettings', autoAdmit: true });
  });

  it('a refused action is explained in a notice', async () => {
    const ws = await joinAs(asTeacher());
    const result = admitStudent('p-gone');
    await vi.advanceTimersByTimeAsync(0);
    ws.respond(ws.last('admit').requestId, { type: 'error', code: 'FORBIDDEN', message: 'Only the teacher can admit students', reason: '' });
    await expect(result).resolves.toBe(false);
    expect(notice.value).toBe('Bạn không có quyền làm việc này.');
  });

  it('a lesson password refused at the door brings the prompt back instead of the final screen', async () => {
    const joined = start('wrong');
    h.server.current.open();
    h.server.current.respond(h.server.current.last('join').requestId, { type: 'error', code: 'FORBIDDEN', message: 'Wrong lesson password', reason: 'lesson_password_wrong' });
    await joined;
    expect(h.server.current.last('join').request.lessonPassword).toBe('wrong');
    expect(phase.value).toBe('join');
    expect(lessonPasswordPrompt.value).toBe('wrong');
    expect(finalState.value).toBeNull();
  });
});

describe('settings and supervision', () => {
  it('a student cannot turn the microphone on while the teacher does not let students unmute', async () => {
    const ws = await joinAs();
    expect(micLockedByTeacher.value).toBe(false);
    ws.push({ type: 'settingsUpdated', settings: { locked: false, autoAdmit: true, studentsCanUnmute: false, passwordRequired: false } });
    expect(settings.value?.studentsCanUnmute).toBe(false);
    expect(micLockedByTeacher.value).toBe(true);
    expect(notice.value).toBe('Giáo viên đã tắt quyền tự bật micro của học sinh.');
  });

  it('ForcedMediaOff turns our device off and says so', async () => {
    const ws = await joinAs();
    micOn.value = true;
    cameraOn.value = true;
    ws.push({ type: 'forcedMediaOff', source: 'microphone', byParticipantId: TEACHER.id });
    await vi.advanceTimersByTimeAsync(0);
    expect(micOn.value).toBe(false);
    expect(notice.value).toBe('Giáo viên đã tắt micro của bạn.');
    ws.push({ type: 'forcedMediaOff', source: 'camera', byParticipantId: TEACHER.id });
    await vi.advanceTimersByTimeAsync(0);
    expect(cameraOn.value).toBe(false);
    expect(ws.last('setMediaState').request).toMatchObject({ micOn: false, cameraOn: false });
  });

  it('the teacher\'s supervision requests', async () => {
    const ws = await joinAs(asTeacher());
    void forceOff(STUDENT_A.id, 'camera');
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('forceMediaOff').request).toEqual({ type: 'forceMediaOff', participantId: STUDENT_A.id, all: false, source: 'camera' });
    void muteAll();
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('forceMediaOff').request).toEqual({ type: 'forceMediaOff', participantId: '', all: true, source: 'microphone' });
    void setScreenPermission(STUDENT_B.id, true);
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('setScreenSharePermission').request).toEqual({ type: 'setScreenSharePermission', participantId: STUDENT_B.id, allowed: true });
    void removeFromLesson(STUDENT_B.id, ' Làm ồn ');
    await vi.advanceTimersByTimeAsync(0);
    expect(ws.last('removeParticipant').request).toEqual({ type: 'removeParticipant', participantId: STUDENT_B.id, reason: 'Làm ồn' });
  });
});

describe('screen share', () => {
  it('a student shares only once allowed; revoking the permission stops the share', async () => {
    screenSupported.value = true;
    const track = new FakeMediaStreamTrack('video');
    setScreenSource(() => Promise.resolve(track));
    const ws = await joinAs();
    expect(mayShareScreen.value).toBe(false);
    ws.push({ type: 'participantUpdated', participant: { ...STUDENT_A, canShareScreen: true } });
    expect(mayShareScreen.value).toBe(true);
    expect(notice.value).toBe('Giáo viên đã cho phép bạn chia sẻ màn hình.');
    await answerMedia(ws); // the transports are set up before the share starts
    const sharing = startScreenShare();
    await vi.advanceTimersByTimeAsync(0);
    expect(screenSharing.value).toBe(true);
    await answerMedia(ws);
    await sharing;
    expect(ws.sent.filter((s) => s.request.type === 'produce').map((s) => (s.request.type === 'produce' ? s.request.source : ''))).toEqual(['screen']);
    expect(ws.last('setMediaState').request.screenOn).toBe(true);
    ws.push({ type: 'participantUpdated', participant: { ...STUDENT_A, canShareScreen: false, screenOn: true } });
    await vi.advanceTimersByTimeAsync(0);
    await answerMedia(ws);
    expect(ws.last('unpublish').request.source).toBe('screen');
    expect(screenSharing.value).toBe(false);
    expect(track.stopped).toBe(true);
    expect(notice.value).toBe('Giáo viên đã thu lại quyền chia sẻ màn hình.');
    expect(ws.last('setMediaState').request.screenOn).toBe(false);
  });

  it('ForcedMediaOff(screen) stops our share', async () => {
    const track = new FakeMediaStreamTrack('video');
    setScreenSource(() => Promise.resolve(track));
    screenSupported.value = true;
    const ws = await joinAs(asTeacher());
    void startScreenShare();
    await vi.advanceTimersByTimeAsync(0);
    expect(screenSharing.value).toBe(true);
    ws.push({ type: 'forcedMediaOff', source: 'screen', byParticipantId: TEACHER.id });
    await vi.advanceTimersByTimeAsync(0);
    expect(screenSharing.value).toBe(false);
    expect(track.stopped).toBe(true);
  });
});

describe('attendance', () => {
  it('asks for the report and orders it: present and attended first, absent last', async () => {
    const ws = await joinAs(asTeacher());
    const loading = refreshAttendance();
    await vi.advanceTimersByTimeAsync(0);
    const row = { userId: 'u-a', displayName: 'Nguyễn Văn An', code: '079200000001', presentNow: true, attended: true, firstJoinMs: 1, lastLeaveMs: 0, presentMs: 60_000, cameraOnMs: 60_000, micOnMs: 0, screenOnMs: 0, handRaises: 1, chatMessages: 0, quizAnswers: 0, quizCorrect: 0, late: false, leftEarly: false, joinCount: 1, lastLeaveReason: null };
    ws.respond(ws.last('getAttendance').requestId, {
      type: 'attendance',
      report: { generatedAtMs: 5, rows: [{ ...row, userId: 'u-z', displayName: 'An Văn Z', presentNow: false, attended: false, joinCount: 0 }, row, { ...row, userId: 'u-b', displayName: 'Trần Bình', presentNow: false, lastLeaveReason: 'left' }] },
    });
    await loading;
    expect(attendanceRows.value.map((r) => r.userId)).toEqual(['u-a', 'u-b', 'u-z']);
    expect(attendanceSummary.value).toEqual({ total: 3, present: 1, attended: 2, absent: 1 });
  });
});

it('participants that join, leave and update keep the list current', async () => {
  const ws = await joinAs(asTeacher());
  ws.push({ type: 'participantJoined', participant: participant({ id: 'p-new', displayName: 'Lê Văn Cường' }) });
  expect(remoteParticipants.value.map((p) => p.id)).toContain('p-new');
});
