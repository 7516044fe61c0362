import { EventEmitter } from 'node:events';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { MAX_TRACES, traceKeyFrames, traceTransportStates, type KeyFrameTraceData, type TraceTarget } from './keyFrameTrace.js';

/** A producer or consumer as the worker would drive it: traces and layer changes are events. */
class FakeTraced extends EventEmitter implements TraceTarget {
  readonly enabled: string[][] = [];
  constructor(readonly kind: 'audio' | 'video') {
    super();
  }
  async enableTraceEvent(types: string[]): Promise<void> {
    this.enabled.push(types);
  }
}

function logAt(level: 'debug' | 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level }, { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) });
  return { log, lines };
}

const keyFrame: KeyFrameTraceData = { type: 'keyframe', direction: 'out', info: { rtpPacket: { ssrc: 1111, rid: '' } } };
const stream = { peerId: 'teacher', label: 'camera' };

describe('traceKeyFrames', () => {
  it('at debug, asks the worker for key frame and request traces of a video consumer and logs them with its layer changes', () => {
    const { log, lines } = logAt('debug');
    const consumer = new FakeTraced('video');
    traceKeyFrames(log, 'consumer', consumer, { peer: 'student', stream });
    expect(consumer.enabled).toEqual([['keyframe', 'pli', 'fir']]);
    consumer.emit('layerschange', { spatialLayer: 0 });
    consumer.emit('trace', keyFrame);
    consumer.emit('trace', { type: 'pli', direction: 'in', info: { ssrc: 2222 } });
    consumer.emit('layerschange', undefined);
    const traced = lines.filter((l) => l['msg'] === 'sfu: key frame trace');
    expect(traced.map((l) => [l['peer'], l['stream'], l['role'], l['trace'], l['direction'] ?? l['spatial']])).toEqual([
      ['student', 'teacher/camera', 'consumer', 'layers', 0],
      ['student', 'teacher/camera', 'consumer', 'keyframe', 'out'],
      ['student', 'teacher/camera', 'consumer', 'pli', 'in'],
      ['student', 'teacher/camera', 'consumer', 'layers', -1],
    ]);
    expect(traced[1]?.['ssrc']).toBe(1111);
    expect(traced[2]?.['ssrc']).toBe(2222);
  });

  it('logs a producer’s key frames with their simulcast layer, and at most MAX_TRACES of them', () => {
    const { log, lines } = logAt('debug');
    const producer = new FakeTraced('video');
    traceKeyFrames(log, 'producer', producer, { peer: 'teacher', stream });
    for (let i = 0; i < MAX_TRACES + 5; i++) producer.emit('trace', { type: 'keyframe', direction: 'in', info: { rtpPacket: { ssrc: 7, rid: 'r1' } } });
    const traced = lines.filter((l) => l['msg'] === 'sfu: key frame trace');
    expect(traced).toHaveLength(MAX_TRACES);
    // One without its info (the worker may send none) is logged without a stream to name.
    const bare = new FakeTraced('video');
    traceKeyFrames(log, 'producer', bare, { peer: 'teacher', stream });
    bare.emit('trace', { type: 'fir', direction: 'out', info: undefined });
    expect(lines.at(-1)).toMatchObject({ trace: 'fir', direction: 'out' });
    expect(lines.at(-1)).not.toHaveProperty('ssrc');
    expect(traced[0]).toMatchObject({ peer: 'teacher', role: 'producer', trace: 'keyframe', direction: 'in', rid: 'r1' });
  });

  it('costs nothing in production (info) nor for audio: no trace asked of the worker', () => {
    const quiet = logAt('info');
    const video = new FakeTraced('video');
    traceKeyFrames(quiet.log, 'consumer', video, { peer: 'student', stream });
    video.emit('trace', keyFrame);
    expect(video.enabled).toEqual([]);
    expect(quiet.lines).toEqual([]);
    const debug = logAt('debug');
    const audio = new FakeTraced('audio');
    traceKeyFrames(debug.log, 'producer', audio, { peer: 'teacher', stream: { peerId: 'teacher', label: 'microphone' } });
    expect(audio.enabled).toEqual([]);
  });

  it('logs a transport’s ICE and DTLS states as they change, at debug only', () => {
    const { log, lines } = logAt('debug');
    const transport = new EventEmitter();
    traceTransportStates(log, transport, 'student', 'recv');
    transport.emit('icestatechange', 'connected');
    transport.emit('dtlsstatechange', 'connecting');
    transport.emit('dtlsstatechange', 'connected');
    expect(lines.map((l) => [l['msg'], l['peer'], l['direction'], l['ice'] ?? l['dtls']])).toEqual([
      ['sfu: transport state', 'student', 'recv', 'connected'],
      ['sfu: transport state', 'student', 'recv', 'connecting'],
      ['sfu: transport state', 'student', 'recv', 'connected'],
    ]);
    const quiet = logAt('info');
    const other = new EventEmitter();
    traceTransportStates(quiet.log, other, 'student', 'send');
    expect(other.listenerCount('icestatechange') + other.listenerCount('dtlsstatechange')).toBe(0);
  });
});
