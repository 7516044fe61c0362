import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { participant } from '../../net/testing/fixtures.js';
import { initials } from '../common/initials.js';
import { Tile } from './Tile.js';
import { examRows, lessonExams } from '../../state/examWatch.js';
import { selfRole } from '../../state/lesson.js';

let container: HTMLElement;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  render(null, container);
  container.remove();
  lessonExams.value = [];
  examRows.value = new Map();
  selfRole.value = 'student';
});

describe('Tile', () => {
  it('shows initials, not video, when the camera is off', () => {
    const p = participant({ displayName: 'Trần Thị Bình', cameraOn: false, micOn: false });
    act(() => render(<Tile participant={p} stream={new MediaStream()} />, container));
    const tile = container.querySelector('[data-testid="tile"]');
    expect(tile?.getAttribute('data-participant-id')).toBe(p.id);
    expect(tile?.getAttribute('data-camera')).toBe('off');
    expect(container.querySelector('[data-testid="tile-initials"]')?.textContent).toBe('TB');
    expect(container.querySelector('video')).toBeNull();
    expect(container.querySelector('[data-testid="tile-mic-off"]')).not.toBeNull();
    expect(container.textContent).toContain('Trần Thị Bình');
  });

  it('shows the video when the camera is on and a stream is there, unless video is hidden', () => {
    const p = participant({ cameraOn: true, micOn: true });
    act(() => render(<Tile participant={p} stream={new MediaStream()} />, container));
    expect(container.querySelector('video')).not.toBeNull();
    expect(container.querySelector('[data-testid="tile-mic-off"]')).toBeNull();
    act(() => render(<Tile participant={p} stream={new MediaStream()} videoHidden />, container));
    expect(container.querySelector('video')).toBeNull();
    expect(container.querySelector('[data-testid="tile-initials"]')).not.toBeNull();
  });

  it('shows a reconnecting participant as such', () => {
    const p = participant({ connection: 'reconnecting' });
    act(() => render(<Tile participant={p} stream={null} />, container));
    expect(container.querySelector('[data-testid="tile-reconnecting"]')).not.toBeNull();
  });

  it('makes initials from Vietnamese names', () => {
    expect(initials('Nguyễn Văn An')).toBe('NA');
    expect(initials('đức')).toBe('ĐỨ');
    expect(initials('  ')).toBe('?');
  });
});

describe('Tile: an exam run in the lesson', () => {
  const exam = { examId: 'exm_1', title: 'Kiểm tra', mode: 'exam', opensAtMs: 0, closesAtMs: 1e15, timeLimitMs: 0, questionCount: 3 };
  const row = { examId: 'exm_1', studentUserId: 'u-9', status: 'in_progress', answered: 2, questionCount: 3, deadlineAtMs: 0, flags: { page_hidden: 2, paste: 1 }, lastFlag: 'page_hidden', lastFlagAtMs: 1 };

  it('shows the teacher the student’s state and latest flag beside the camera', () => {
    selfRole.value = 'teacher';
    lessonExams.value = [exam];
    examRows.value = new Map([['exm_1', new Map([['u-9', row]])]]);
    act(() => render(<Tile participant={participant({ id: 'p-9', userId: 'u-9', role: 'student' })} stream={null} />, container));
    const badge = container.querySelector('[data-testid="tile-exam-row"]');
    expect(badge?.getAttribute('data-status')).toBe('in_progress');
    expect(badge?.getAttribute('data-flags')).toBe('3');
    expect(badge?.getAttribute('data-last-flag')).toBe('page_hidden');
    expect(badge?.textContent).toContain('2/3');
    expect(container.querySelector('[data-testid="tile-exam-flag"]')?.textContent).toContain('Rời trang');
    // A student who has not started yet says so.
    act(() => render(<Tile participant={participant({ id: 'p-8', userId: 'u-8', role: 'student' })} stream={null} />, container));
    expect(container.querySelector('[data-testid="tile-exam-row"]')?.getAttribute('data-status')).toBe('not_started');
  });

  it('shows nothing of it on a student’s page, nor on a teacher’s tile', () => {
    lessonExams.value = [exam];
    examRows.value = new Map([['exm_1', new Map([['u-9', row]])]]);
    act(() => render(<Tile participant={participant({ id: 'p-9', userId: 'u-9', role: 'student' })} stream={null} />, container));
    expect(container.querySelector('[data-testid="tile-exam"]')).toBeNull();
    selfRole.value = 'teacher';
    act(() => render(<Tile participant={participant({ id: 'p-t', userId: 'u-t', role: 'teacher' })} stream={null} />, container));
    expect(container.querySelector('[data-testid="tile-exam"]')).toBeNull();
  });
});
