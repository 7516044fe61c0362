import { describe, expect, it } from 'vitest';
import { socketBufferShortfall } from './socketBuffers.js';

describe('socket buffer limits', () => {
  const limits = (rmem: number, wmem: number) => (name: string) => (name === 'net.core.rmem_max' ? rmem : name === 'net.core.wmem_max' ? wmem : undefined);

  it('says which kernel limit caps the requested buffers, and the sysctl that lifts it', () => {
    const why = socketBufferShortfall(4_194_304, limits(212_992, 4_194_304));
    expect(why).toMatch(/net\.core\.rmem_max \(212992\)/);
    expect(why).toMatch(/sysctl -w net\.core\.rmem_max=4194304`/);
    expect(why).not.toMatch(/wmem_max/);
    expect(socketBufferShortfall(8_388_608, limits(212_992, 212_992))).toMatch(/rmem_max=8388608 net\.core\.wmem_max=8388608/);
  });

  it('is silent when the limits allow it, when the kernel default is asked for, or when they cannot be read', () => {
    expect(socketBufferShortfall(4_194_304, limits(4_194_304, 8_000_000))).toBeUndefined();
    expect(socketBufferShortfall(0, limits(1, 1))).toBeUndefined();
    expect(socketBufferShortfall(4_194_304, () => undefined)).toBeUndefined();
  });
});
