/**
 * The kernel caps SO_SNDBUF/SO_RCVBUF at net.core.wmem_max/rmem_max (Debian's default 212992),
 * silently: a `socketBufferBytes` above them takes effect only once the deployer raises them
 * (docs/sfu.md "Socket buffers"). This says so at start-up, with the command, instead of
 * letting the option look applied. The engine never changes those host-wide limits itself.
 */
import { readFileSync } from 'node:fs';

/** Reads a sysctl as a number from /proc/sys; undefined when it cannot (not Linux, no /proc). */
export function readSysctlNumber(name: string): number | undefined {
  try {
    const n = Number(readFileSync(`/proc/sys/${name.replaceAll('.', '/')}`, 'utf8').trim());
    return Number.isFinite(n) ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why `requested` bytes will not all take effect, or undefined when they will (or 0: the
 * kernel's default was asked for, or the limits cannot be read).
 */
export function socketBufferShortfall(requested: number, read: (name: string) => number | undefined = readSysctlNumber): string | undefined {
  if (requested <= 0) return undefined;
  const low = ['net.core.rmem_max', 'net.core.wmem_max'].filter((name) => {
    const limit = read(name);
    return limit !== undefined && limit < requested;
  });
  if (low.length === 0) return undefined;
  return (
    `media.mediasoup.socketBufferBytes ${requested} is above ${low.map((n) => `${n} (${read(n)})`).join(' and ')}: the kernel caps the workers' socket buffers there; ` +
    `raise them as root (\`sysctl -w ${low.map((n) => `${n}=${requested}`).join(' ')}\`, and in /etc/sysctl.d/ to keep it), docs/sfu.md "Socket buffers"`
  );
}
