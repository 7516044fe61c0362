import { beforeEach, describe, expect, it } from 'vitest';
import type { RemoteTrack } from '../media/index.js';
import { FakeMediaStreamTrack } from '../media/testing/FakeMediaStreamTrack.js';
import { participant, snapshot, STUDENT_A, TEACHER } from '../net/testing/fixtures.js';
import type { Participant } from '../net/index.js';
import {
  changedPreferences,
  currentPage,
  desiredLayers,
  gridParticipants,
  layerPreferences,
  nextPage,
  pageCount,
  pageIndex,
  pageSizeFor,
  previousPage,
  resetLayout,
  setViewportWidth,
  stage,
  visibleTiles,
} from './layout.js';
import { applySnapshot, removeParticipant, resetLesson } from './lesson.js';
import { audioOnly, featuredLayer, resetRemoteMedia, setAudioOnly, setRemoteTracks, toggleAudioOnly } from './remoteMedia.js';

function students(n: number): Participant[] {
  return Array.from({ length: n }, (_, i) => participant({ id: `s${String(i).padStart(2, '0')}`, displayName: `Học Sinh ${String.fromCharCode(65 + i)}` }));
}

function videoTrack(participantId: string, source: 'camera' | 'screen' = 'camera'): RemoteTrack {
  const track = new FakeMediaStreamTrack('video');
  return { mid: `${participantId}-${source}`, participantId, source, kind: 'video', track, stream: new MediaStream() };
}

beforeEach(() => {
  resetLesson();
  resetLayout();
  resetRemoteMedia();
  setAudioOnly(false);
  setViewportWidth(360);
});

describe('pagination', () => {
  it('shows fewer tiles per page on a phone', () => {
    expect(pageSizeFor('student', 360)).toBe(4);
    expect(pageSizeFor('student', 1280)).toBe(8);
    expect(pageSizeFor('teacher', 360)).toBe(6);
    expect(pageSizeFor('teacher', 800)).toBe(9);
    expect(pageSizeFor('teacher', 1280)).toBe(12);
  });

  it('a student pages through classmates; the teacher is on the stage, not in the grid', () => {
    applySnapshot(snapshot({ participants: [TEACHER, STUDENT_A, ...students(9)] }), 0);
    expect(stage.value).toEqual({ participantId: TEACHER.id, source: 'camera' });
    expect(gridParticipants.value).toHaveLength(9);
    expect(pageCount.value).toBe(3);
    expect(visibleTiles.value.map((p) => p.id)).toEqual(['s00', 's01', 's02', 's03']);
    nextPage();
    nextPage();
    nextPage();
    expect(currentPage.value).toBe(2);
    expect(visibleTiles.value.map((p) => p.id)).toEqual(['s08']);
    previousPage();
    expect(currentPage.value).toBe(1);
  });

  it('clamps the page when participants leave or the screen grows', () => {
    applySnapshot(snapshot({ participants: [TEACHER, STUDENT_A, ...students(9)] }), 0);
    pageIndex.value = 2;
    setViewportWidth(1280);
    expect(pageCount.value).toBe(2);
    expect(currentPage.value).toBe(1);
    for (const s of students(9).slice(1)) removeParticipant(s.id);
    expect(currentPage.value).toBe(0);
  });

  it('a teacher sees every student in the grid', () => {
    applySnapshot(snapshot({ selfParticipantId: TEACHER.id, selfRole: 'teacher', participants: [TEACHER, ...students(7)] }), 0);
    expect(stage.value).toBeNull();
    expect(visibleTiles.value).toHaveLength(6);
    expect(pageCount.value).toBe(2);
  });
});

describe('video layer preferences', () => {
  const base = { stage: { participantId: 't', source: 'camera' as const }, visible: new Set(['a']), audioOnly: false, featuredLayer: 'high' as const };
  const videos = [
    { participantId: 't', source: 'camera' as const },
    { participantId: 'a', source: 'camera' as const },
    { participantId: 'b', source: 'camera' as const },
  ];
  const layers = (m: Map<string, { layer: string }>) => Object.fromEntries([...m].map(([k, v]) => [k, v.layer]));

  it('HIGH for the featured video, LOW for thumbnails on screen, OFF for tiles off screen', () => {
    expect(layers(desiredLayers({ ...base, videos }))).toEqual({ 't:camera': 'high', 'a:camera': 'low', 'b:camera': 'off' });
  });

  it('audio-only mode turns every video OFF', () => {
    expect(layers(desiredLayers({ ...base, videos, audioOnly: true }))).toEqual({ 't:camera': 'off', 'a:camera': 'off', 'b:camera': 'off' });
  });

  it("'show only the teacher' turns classmates OFF but keeps the teacher and what is on the stage", () => {
    const teacherOnly = { teachers: new Set(['t']) };
    expect(layers(desiredLayers({ ...base, videos, teacherOnly }))).toEqual({ 't:camera': 'high', 'a:camera': 'off', 'b:camera': 'off' });
    // A classmate's screen share on the stage is the lesson's content: it stays.
    const shared = [...videos, { participantId: 'a', source: 'screen' as const }];
    const result = layers(desiredLayers({ ...base, stage: { participantId: 'a', source: 'screen' }, visible: new Set(['a', 't']), videos: shared, teacherOnly }));
    expect(result).toMatchObject({ 'a:screen': 'high', 'a:camera': 'off', 't:camera': 'low' });
  });

  it('a poor network lowers only the featured video', () => {
    expect(layers(desiredLayers({ ...base, videos, featuredLayer: 'low' }))['t:camera']).toBe('low');
    expect(layers(desiredLayers({ ...base, videos, featuredLayer: 'medium' }))['a:camera']).toBe('low');
  });

  it('a screen share takes the stage; the teacher\'s camera drops to LOW', () => {
    const withScreen = [...videos, { participantId: 't', source: 'screen' as const }];
    const result = layers(desiredLayers({ ...base, stage: { participantId: 't', source: 'screen' }, videos: withScreen }));
    expect(result).toMatchObject({ 't:screen': 'high', 't:camera': 'low' });
  });

  it('only changed layers are sent again', () => {
    const desired = desiredLayers({ ...base, videos });
    expect(changedPreferences(desired, new Map([['t:camera', 'high'], ['a:camera', 'medium']])).map((p) => `${p.participantId}:${p.layer}`)).toEqual(['a:low', 'b:off']);
  });

  it('follows the state: subscribed tracks, page and audio-only toggle', () => {
    applySnapshot(snapshot({ participants: [TEACHER, STUDENT_A, ...students(5)] }), 0);
    setRemoteTracks([videoTrack(TEACHER.id), videoTrack('s00'), videoTrack('s04')]);
    const current = () => layers(layerPreferences.value);
    expect(current()).toEqual({ [`${TEACHER.id}:camera`]: 'high', 's00:camera': 'low', 's04:camera': 'off' });
    nextPage();
    expect(current()).toEqual({ [`${TEACHER.id}:camera`]: 'high', 's00:camera': 'off', 's04:camera': 'low' });
    featuredLayer.value = 'medium';
    expect(current()[`${TEACHER.id}:camera`]).toBe('medium');
    toggleAudioOnly();
    expect(audioOnly.value).toBe(true);
    expect(new Set(Object.values(current()))).toEqual(new Set(['off']));
    expect(localStorage.getItem('classroom.audioOnly')).toBe('1');
  });
});
