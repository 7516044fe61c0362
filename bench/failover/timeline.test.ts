import { describe, expect, it } from 'vitest';
import { formatTimeline, mainThreadLag, pageTimeline, parseServerAnswer, parseServerTrace } from './timeline.js';

const line = (node: string, entry: Record<string, unknown>) => `${node} ${JSON.stringify(entry)}`;

describe('failover timeline', () => {
  it('reads an answered request from a node log line, and nothing from any other line', () => {
    const a = parseServerAnswer(line('node-2', { level: 'debug', time: '2026-12-06T04:30:01.500Z', participant: 'p1', request: 'produce', waitedMs: 40, ranMs: 12, msg: 'answered' }));
    expect(a).toEqual({ node: 'node-2', participantId: 'p1', request: 'produce', at: Date.parse('2026-12-06T04:30:01.500Z'), waitedMs: 40, ranMs: 12, answer: '?' });
    expect(parseServerAnswer(line('node-1', { level: 'info', time: '2026-12-06T04:30:01.500Z', msg: 'sfu: room placed' }))).toBeNull();
    expect(parseServerAnswer('node-1 {"level":"debug","time":"2026-12-06T04:3')).toBeNull(); // cut by the crash
    expect(parseServerAnswer(line('node-1', { time: 'yesterday', request: 'join', msg: 'answered' }))).toBeNull();
    expect(parseServerAnswer('')).toBeNull();
  });

  it('orders a page’s steps and the owner’s answers since the kill, folds routine requests, ends with the decode', () => {
    const kill = 1_000_000;
    const t = pageTimeline(
      'teacher',
      kill,
      kill + 9000,
      [
        { name: 'ws-open', at: kill - 60_000 }, // the first join: not part of the failover
        { name: 'ws-closed', at: kill + 300 },
        { name: 'join-answered', at: kill + 2500 },
        { name: 'ws-open', at: kill + 2000 },
      ],
      [
        { node: 'node-3', participantId: 'p', request: 'join', at: kill + 2400, waitedMs: 0, ranMs: 700, answer: 'join' },
        { node: 'node-3', participantId: 'p', request: 'qualityReport', answer: 'ack', at: kill + 4000, waitedMs: 1, ranMs: 2 },
        { node: 'node-3', participantId: 'p', request: 'setVideoPreferences', answer: 'ack', at: kill + 4100, waitedMs: 900, ranMs: 5 },
        { node: 'node-3', participantId: 'p', request: 'produce', answer: 'ack', at: kill + 7000, waitedMs: 1200, ranMs: 30 },
      ],
      [],
      kill + 10_500,
    );
    expect(t.backMs).toBe(9000);
    expect(t.rows.map((r) => [r.ms, r.what])).toEqual([
      [300, 'page ws-closed'],
      [2000, 'page ws-open'],
      [2400, 'node-3 answered join (queued 0 ms, ran 700 ms)'],
      [2500, 'page join-answered'],
      // a routine request that took long is shown; a quick one only counted
      [4100, 'node-3 answered setVideoPreferences (queued 900 ms, ran 5 ms)'],
      [7000, 'node-3 answered produce (queued 1200 ms, ran 30 ms)'],
      [9000, '(2 routine requests answered meanwhile)'],
      [9000, 'decodes video again'],
      [10_500, "(the bench's poll of the page's stats saw it)"],
    ]);
    expect(formatTimeline(t).split('\n')[0]).toBe('teacher: video back at 9.0 s');
    expect(formatTimeline(t)).toContain('  2.40 s  node-3 answered join');
  });

  it('reads the worker’s key frames and requests as what they mean to the page, and nothing from any other line', () => {
    const time = '2026-12-06T04:30:02.000Z';
    const trace = (fields: Record<string, unknown>) => parseServerTrace(line('node-3', { level: 20, time, msg: 'sfu: key frame trace', peer: 'p1', ...fields }));
    expect(trace({ stream: 't/camera', role: 'consumer', trace: 'keyframe', direction: 'out' })).toEqual({ node: 'node-3', peer: 'p1', at: Date.parse(time), what: 'key frame sent to the page (t/camera)' });
    expect(trace({ stream: 't/camera', role: 'consumer', trace: 'pli', direction: 'in' })?.what).toBe('PLI from the page (t/camera)');
    expect(trace({ stream: 't/camera', role: 'consumer', trace: 'layers', spatial: 0 })?.what).toBe('worker forwards t/camera at spatial layer 0');
    expect(trace({ stream: 'p1/camera', role: 'producer', trace: 'keyframe', direction: 'in', rid: 'r1' })?.what).toBe('key frame from the page (p1/camera rid r1)');
    expect(trace({ stream: 'p1/camera', role: 'producer', trace: 'pli', direction: 'out' })?.what).toBe('PLI sent to the page (p1/camera)');
    const state = (fields: Record<string, unknown>) => parseServerTrace(line('node-3', { level: 20, time, msg: 'sfu: transport state', peer: 'p1', direction: 'recv', ...fields }))?.what;
    expect(state({ ice: 'connected' })).toBe('recv transport ICE connected (worker)');
    expect(state({ dtls: 'connecting' })).toBe('recv transport DTLS connecting (worker)');
    expect(parseServerTrace(line('node-3', { time, msg: 'answered', request: 'join' }))).toBeNull();
    expect(parseServerTrace('node-3 {"msg":"sfu: key frame tr')).toBeNull();
  });

  it('shows the first few traces of each kind after the kill, in time order with the marks', () => {
    const kill = 1_000_000;
    const traces = [1, 2, 3, 4, 5].map((i) => ({ node: 'node-3', peer: 'p', at: kill + 1000 * i, what: 'PLI from the page (t/camera)' }));
    traces.push({ node: 'node-3', peer: 'p', at: kill - 10, what: 'key frame sent to the page (t/camera)' }); // before the kill
    traces.push({ node: 'node-3', peer: 'p', at: kill + 2500, what: 'key frame sent to the page (t/camera)' });
    const t = pageTimeline('student', kill, kill + 6000, [{ name: 'consumed:video', at: kill + 1500 }], [], traces);
    expect(t.rows.map((r) => [r.ms, r.what])).toEqual([
      [1000, 'node-3 PLI from the page (t/camera)'],
      [1500, 'page consumed:video'],
      [2000, 'node-3 PLI from the page (t/camera)'],
      [2500, 'node-3 key frame sent to the page (t/camera)'],
      [3000, 'node-3 PLI from the page (t/camera)'],
      [6000, 'decodes video again'],
    ]);
  });

  it('ends the rows of a page that never decoded again where the bench gave up', () => {
    const t = pageTimeline('student', 1000, Number.NaN, [{ name: 'media-setup-sent', at: 5000 }], []);
    expect(t.rows.map((r) => [r.ms, r.what])).toEqual([
      [4000, 'page media-setup-sent'],
      [4000, 'NO VIDEO DECODED (gave up)'],
    ]);
    expect(formatTimeline(t).split('\n')[0]).toBe('student: NO video back');
  });

  it('says how late a page’s timer fired inside the window only', () => {
    const lags: Array<[number, number]> = [
      [900, 5000], // before the kill
      [1000, 100],
      [1100, 300],
      [1200, 2000],
      [5000, 9000], // after the page was back
    ];
    expect(mainThreadLag(lags, 1000, 2000)).toBe('main thread: 100 ms timer late by 800 ms on average, worst 2.0 s');
    expect(mainThreadLag(lags, 3000, 4000)).toBe('main thread: no timer samples');
  });
});
