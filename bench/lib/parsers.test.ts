import { describe, expect, it } from 'vitest';
import { parsePrintedLinks } from './serverProcess.js';
import { mintJoinToken } from './token.js';
import { parseSnmpUdp, parseUdpTable } from './udp.js';
import { rtpPayloadOffset, vp8KeyframeSize } from './vp8.js';

describe('VP8 keyframe size', () => {
  // RTP header (12 bytes, no CSRC, one-byte extension of 1 word), then the VP8 descriptor and frame header
  const rtp = (payload: number[]) => new Uint8Array([0x90, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xbe, 0xde, 0, 1, 0x10, 0x01, 0, 0, ...payload]);
  const keyframe = [0x90, 0x80, 0x92, 0x34, 0x00, 0x00, 0x00, 0x9d, 0x01, 0x2a, 0x00, 0x05, 0xd0, 0x02]; // X, PictureID 15 bits; 1280x720

  it('finds the payload after the header extension', () => {
    expect(rtpPayloadOffset(rtp(keyframe))).toBe(20);
    expect(rtpPayloadOffset(new Uint8Array([0x80, 96]))).toBe(-1);
  });

  it('reads the size of a keyframe that starts in the packet', () => {
    const p = rtp(keyframe);
    expect(vp8KeyframeSize(p.subarray(rtpPayloadOffset(p)))).toEqual({ width: 1280, height: 720 });
  });

  it('ignores inter frames and packets that do not start a frame', () => {
    const inter = [...keyframe];
    inter[4] = 0x01; // P bit: inter frame
    expect(vp8KeyframeSize(new Uint8Array(inter))).toBeUndefined();
    const middle = [...keyframe];
    middle[0] = 0x80; // S bit clear
    expect(vp8KeyframeSize(new Uint8Array(middle))).toBeUndefined();
  });
});

describe('/proc/net UDP counters', () => {
  it('reads drops per socket inode', () => {
    const text = [
      '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
      '  608: 0100007F:B081 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 145571 2 00000000d38cc887 0',
      ' 2197: 0202000C:EE49 00000000:0000 07 00000000:00040000 00:00000000 00000000     0        0 145527 2 00000000bb4c93a4 17',
    ].join('\n');
    expect([...parseUdpTable(text)]).toEqual([
      [145571, 0],
      [145527, 17],
    ]);
  });

  it('reads the Udp line of /proc/net/snmp', () => {
    const text = 'Ip: Forwarding\nIp: 1\nUdp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors\nUdp: 10 2 3 40 3 0\n';
    expect(parseSnmpUdp(text)).toEqual({ InDatagrams: 10, NoPorts: 2, InErrors: 3, OutDatagrams: 40, RcvbufErrors: 3, SndbufErrors: 0 });
  });
});

describe('parsePrintedLinks', () => {
  it('finds the demo links in the server output and reads their tokens', () => {
    const secret = 'x'.repeat(40);
    const t = mintJoinToken(secret, { lessonId: 'L-42', userId: 'u-t', name: 'Cô Lan', role: 'teacher' });
    const s = mintJoinToken(secret, { lessonId: 'L-42', userId: 'u-s1', name: 'Học sinh 1', role: 'student' });
    const out = `{"level":30}\n  Giáo viên:  http://localhost:8080/lesson/L-42#t=${t}\n    Học sinh 1: http://localhost:8080/lesson/L-42#t=${s}\n`;
    expect(parsePrintedLinks(out).map((l) => [l.role, l.lessonId, l.userId, l.token])).toEqual([
      ['teacher', 'L-42', 'u-t', t],
      ['student', 'L-42', 'u-s1', s],
    ]);
  });
});
