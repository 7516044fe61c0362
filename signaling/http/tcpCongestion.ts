/**
 * The host's TCP congestion control decides how fast the page reaches a student on a slow,
 * shallow-buffered link (a phone on a weak mobile cell, a school's saturated uplink): bench:netem's
 * join on 400 kbit/s / 300 ms RTT heard the teacher after ~7.8 s with Debian's default (cubic)
 * and ~5.9 s with BBR, the same server and client (docs/weak-networks.md "TCP congestion
 * control"). The setting is host-wide and the server's sockets cannot choose it (Node has no
 * TCP_CONGESTION option), so the server says so at start-up, with the command, as it does for the
 * media sockets' buffers (sfu/mediasoup/socketBuffers.ts). It never changes the host itself.
 */
import { readFileSync } from 'node:fs';

const SYSCTL = 'net.ipv4.tcp_congestion_control';

/** The host's current congestion control, or undefined when it cannot be read (not Linux, no /proc). */
export function readCongestionControl(): string | undefined {
  try {
    return readFileSync('/proc/sys/net/ipv4/tcp_congestion_control', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** What to tell the operator, or undefined when the host already uses BBR (or cannot say). */
export function congestionControlAdvice(current: string | undefined = readCongestionControl()): string | undefined {
  if (current === undefined || current === 'bbr') return undefined;
  return (
    `${SYSCTL} is ${current}: pages reach students on slow links about 2 s later than with bbr; ` +
    `as root: \`sysctl -w ${SYSCTL}=bbr\`, and the same line in /etc/sysctl.d/ to keep it (docs/deploy.md "TCP congestion control": the host of the balancer, which serves the pages through its own sockets, needs it too)`
  );
}
