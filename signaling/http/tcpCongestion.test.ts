import { describe, expect, it } from 'vitest';
import { congestionControlAdvice, readCongestionControl } from './tcpCongestion.js';

describe('the start-up advice on the host TCP congestion control', () => {
  it("names the host's setting and the command when it is not bbr", () => {
    const advice = congestionControlAdvice('cubic');
    expect(advice).toContain('net.ipv4.tcp_congestion_control is cubic');
    expect(advice).toContain('sysctl -w net.ipv4.tcp_congestion_control=bbr');
    expect(advice).toContain('/etc/sysctl.d/');
  });

  it('says nothing when the host uses bbr, or when the setting cannot be read', () => {
    expect(congestionControlAdvice('bbr')).toBeUndefined();
    expect(congestionControlAdvice(undefined)).toBeUndefined();
  });

  it("reads this machine's setting from /proc (Linux)", () => {
    const current = readCongestionControl();
    expect(current).toMatch(/^[a-z0-9_]+$/);
  });
});
