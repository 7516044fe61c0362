// A k6-style scenario run by runner.test.ts: the k6 token code through the k6/crypto and
// k6/encoding stand-ins must give the bench's own token, byte for byte.
import { check } from 'k6';
import { mintJoinToken } from '../../k6/lib/joinToken.js';

declare const __ENV: Record<string, string | undefined>;

export default function (): void {
  const token = mintJoinToken(__ENV.LINK_SECRET ?? '', { lessonId: 'l1', userId: 'u1', name: 'Học sinh', role: 'student' }, 1_000, 60_000);
  check(token, { 'same token': (t) => t === __ENV.EXPECTED });
}
