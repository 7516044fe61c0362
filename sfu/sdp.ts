/**
 * The little SDP reading the engine needs: which m-sections a description has, their mid,
 * kind, direction and simulcast encodings. Janus does the real negotiation; this only lets
 * the engine check a peer's offer against the tracks it claims, and know what Janus accepted.
 */
import { MediaError } from '../platform/index.js';

export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface MediaSection {
  kind: string;
  mid: string | undefined;
  /** 0 means the section was rejected or stopped. */
  port: number;
  direction: Direction;
  /** Encodings in `a=simulcast:send` (or an SSRC SIM group), in offer order; 1 without simulcast. */
  sendEncodings: number;
  /** Encodings in `a=simulcast:recv`; 1 without simulcast. */
  recvEncodings: number;
}

/** Longest description accepted; real ones with 3 simulcast tracks are about 10 KiB. */
export const MAX_SDP_BYTES = 256 * 1024;

/** Throws a MediaError unless `sdp` looks like a session description. */
export function assertSdp(sdp: unknown): asserts sdp is string {
  if (typeof sdp !== 'string' || sdp.length === 0) throw new MediaError('The media description (SDP) is missing');
  if (Buffer.byteLength(sdp) > MAX_SDP_BYTES) throw new MediaError('The media description (SDP) is too large');
  if (!/^v=0\r?\n/.test(sdp) || !/\r?\nm=/.test(sdp)) throw new MediaError('The media description (SDP) is malformed');
}

function countEncodings(list: string | undefined): number {
  if (!list) return 1;
  return list.split(';').filter((s) => s.trim().length > 0).length;
}

function simulcastCounts(value: string): { send: number; recv: number } {
  const tokens = value.trim().split(/\s+/);
  let send = 1;
  let recv = 1;
  for (let i = 0; i < tokens.length - 1; i++) {
    if (tokens[i] === 'send') send = countEncodings(tokens[i + 1]);
    if (tokens[i] === 'recv') recv = countEncodings(tokens[i + 1]);
  }
  return { send, recv };
}

/** The m-sections of `sdp`, in order. */
export function parseMediaSections(sdp: string): MediaSection[] {
  const sections: MediaSection[] = [];
  let sessionDirection: Direction = 'sendrecv';
  let current: MediaSection | undefined;
  let explicitDirection = false;
  const finish = () => {
    if (current && !explicitDirection) current.direction = sessionDirection;
  };
  for (const line of sdp.split(/\r?\n/)) {
    const m = /^m=(\S+) (\d+)/.exec(line);
    if (m) {
      finish();
      current = { kind: m[1] as string, mid: undefined, port: Number(m[2]), direction: 'sendrecv', sendEncodings: 1, recvEncodings: 1 };
      explicitDirection = false;
      sections.push(current);
      continue;
    }
    const dir = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/.exec(line);
    if (dir) {
      if (current) {
        current.direction = dir[1] as Direction;
        explicitDirection = true;
      } else sessionDirection = dir[1] as Direction;
      continue;
    }
    if (!current) continue;
    const mid = /^a=mid:(\S+)/.exec(line);
    if (mid) current.mid = mid[1];
    const sim = /^a=simulcast:(.*)$/.exec(line);
    if (sim) {
      const counts = simulcastCounts(sim[1] as string);
      current.sendEncodings = counts.send;
      current.recvEncodings = counts.recv;
    }
    const group = /^a=ssrc-group:SIM (.+)$/.exec(line);
    if (group) current.sendEncodings = (group[1] as string).trim().split(/\s+/).length;
  }
  finish();
  return sections;
}

/** True when the section carries media from the side that wrote the description. */
export function sends(section: MediaSection): boolean {
  return section.port !== 0 && (section.direction === 'sendonly' || section.direction === 'sendrecv');
}

/** True when the section accepts media from the other side. */
export function receives(section: MediaSection): boolean {
  return section.port !== 0 && (section.direction === 'recvonly' || section.direction === 'sendrecv');
}
