import { describe, expect, it } from 'vitest';
import { parseRoute } from './route.js';

describe('routes', () => {
  it('tells the pages apart', () => {
    expect(parseRoute({ pathname: '/', hash: '' })).toEqual({ kind: 'home' });
    expect(parseRoute({ pathname: '/login', hash: '', search: '?next=%2Flesson%2Fles_1' })).toEqual({ kind: 'login', next: '/lesson/les_1' });
    expect(parseRoute({ pathname: '/login', hash: '', search: '?next=https%3A%2F%2Fevil.example' })).toEqual({ kind: 'login', next: null });
    expect(parseRoute({ pathname: '/password/', hash: '' })).toEqual({ kind: 'password', next: null });
    expect(parseRoute({ pathname: '/teach', hash: '' })).toEqual({ kind: 'teach' });
    expect(parseRoute({ pathname: '/admin', hash: '#roster' })).toEqual({ kind: 'admin' });
    expect(parseRoute({ pathname: '/statistics', hash: '', search: '?x=1' })).toEqual({ kind: 'statistics' });
    expect(parseRoute({ pathname: '/questions', hash: '' })).toEqual({ kind: 'qa', questionId: null });
    expect(parseRoute({ pathname: '/questions/qa_abc-1', hash: '' })).toEqual({ kind: 'qa', questionId: 'qa_abc-1' });
    expect(parseRoute({ pathname: '/questions/a/b', hash: '' })).toEqual({ kind: 'home' });
    expect(parseRoute({ pathname: '/lesson/les_1/recordings', hash: '' })).toEqual({ kind: 'recordings', lessonId: 'les_1' });
    expect(parseRoute({ pathname: '/recordings/rec_1', hash: '' })).toEqual({ kind: 'playback', recordingId: 'rec_1' });
    expect(parseRoute({ pathname: '/recordings/../etc', hash: '' })).toEqual({ kind: 'home' });
    expect(parseRoute({ pathname: '/archive', hash: '' })).toEqual({ kind: 'archive' });
  });

  it('the exam pages: the teacher’s results and an attempt’s trail; the student’s paper and a look back at an attempt', () => {
    expect(parseRoute({ pathname: '/exams/exm_1/results', hash: '' })).toEqual({ kind: 'examResults', examId: 'exm_1' });
    expect(parseRoute({ pathname: '/exams/exm_1/attempts/att_2', hash: '' })).toEqual({ kind: 'examAttempt', examId: 'exm_1', attemptId: 'att_2' });
    expect(parseRoute({ pathname: '/exam/exm_1', hash: '' })).toEqual({ kind: 'exam', examId: 'exm_1' });
    expect(parseRoute({ pathname: '/exam/exm_1/attempts/att_2', hash: '' })).toEqual({ kind: 'myAttempt', examId: 'exm_1', attemptId: 'att_2' });
    expect(parseRoute({ pathname: '/exams/exm_1/attempts/../x', hash: '' })).toEqual({ kind: 'home' });
  });

  it('a lesson with a join link token, or without one (signed in)', () => {
    expect(parseRoute({ pathname: '/lesson/les_1', hash: '#t=a.b' })).toEqual({ kind: 'lesson', lessonId: 'les_1', token: 'a.b' });
    expect(parseRoute({ pathname: '/lesson/les_1', hash: '' })).toEqual({ kind: 'lesson', lessonId: 'les_1', token: '' });
    expect(parseRoute({ pathname: '/lesson/%E0%A4%A', hash: '' })).toEqual({ kind: 'home' });
  });
});
