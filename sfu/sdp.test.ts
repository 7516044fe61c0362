import { describe, expect, it } from 'vitest';
import { MediaError } from '../platform/index.js';
import { assertSdp, parseMediaSections, receives, sends } from './sdp.js';

const offer = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111',
  'a=mid:0',
  'a=sendonly',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=mid:1',
  'a=sendonly',
  'a=rid:h send',
  'a=rid:m send',
  'a=rid:l send',
  'a=simulcast:send h;m;l',
  'm=video 0 UDP/TLS/RTP/SAVPF 96',
  'a=mid:2',
  'a=inactive',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=mid:3',
  'a=ssrc-group:SIM 1 2',
  '',
].join('\r\n');

describe('SDP reading', () => {
  it('parseMediaSections() reads mid, kind, direction, port and simulcast encodings', () => {
    const s = parseMediaSections(offer);
    expect(s.map((x) => [x.mid, x.kind, x.direction, x.port, x.sendEncodings])).toEqual([
      ['0', 'audio', 'sendonly', 9, 1],
      ['1', 'video', 'sendonly', 9, 3],
      ['2', 'video', 'inactive', 0, 1],
      ['3', 'video', 'sendrecv', 9, 2],
    ]);
    expect(s.map(sends)).toEqual([true, true, false, true]);
    expect(s.map(receives)).toEqual([false, false, false, true]);
    expect(parseMediaSections('v=0\r\nm=video 9 X 96\r\na=simulcast:recv a;b~;c\r\n')[0]?.recvEncodings).toBe(3);
  });

  it('assertSdp() refuses what is not a session description', () => {
    for (const bad of [undefined, '', 'hello', 'v=0\r\ns=-\r\n', 'x'.repeat(300_000)]) {
      expect(() => assertSdp(bad)).toThrow(MediaError);
    }
    expect(() => assertSdp(offer)).not.toThrow();
  });
});
