/** Helpers of the contract suite (contract.ts). */
import { pino, type Logger } from 'pino';
import type { Cluster, ClusterDependencies, ClusterOptions, MessageHandler, NodeAnnouncement } from './ClusterTypes.js';

/** What each contract case gets: a fresh harness per test, handles closed after it. */
export interface ContractContext {
  join(options?: ClusterOptions, deps?: ClusterDependencies): Promise<Cluster>;
}

/** Short TTLs, so that expiry cases take a fraction of a second. */
export const SHORT_TTL_MS = 300;

export function node(id: string, overrides: Partial<NodeAnnouncement> = {}): NodeAnnouncement {
  return { id, url: `https://${id}.example.test`, state: 'active', load: { rooms: 0, participants: 0 }, ...overrides };
}

/** Polls `check` until it passes or `timeoutMs` runs out (then throws its last failure). */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/** A handler that records what it receives. */
export function collector(): { handler: MessageHandler; received: string[]; payloads: Uint8Array[] } {
  const received: string[] = [];
  const payloads: Uint8Array[] = [];
  return {
    received,
    payloads,
    handler: (payload, channel) => {
      payloads.push(payload);
      received.push(`${channel}:${Buffer.from(payload).toString('utf8')}`);
    },
  };
}

export function text(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** A logger whose error lines are kept, to check that failures are logged. */
export function capturingLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

