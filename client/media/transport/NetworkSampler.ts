/**
 * The periodic network sample of a lesson's media (quality reports, the featured layer): both
 * transports' stats every `intervalMs`, turned into a NetworkSample against the previous
 * counters. Out of TransportController, which only says which transports are current.
 */
import type { types } from 'mediasoup-client';
import { log } from '../../util/log.js';
import type { NetworkSample } from '../MediaTypes.js';
import { networkSample, statsRecords, type ReceiveCounters } from '../stats.js';

export interface SampledTransports {
  send: types.Transport;
  recv: types.Transport;
}

export class NetworkSampler {
  readonly #intervalMs: number;
  /** The transports to sample now (null between set-ups); a sample whose transports changed meanwhile is dropped. */
  readonly #current: () => SampledTransports | null;
  readonly #onSample: (sample: NetworkSample) => void;
  #timer: ReturnType<typeof setInterval> | null = null;
  #counters: ReceiveCounters | null = null;

  constructor(intervalMs: number, current: () => SampledTransports | null, onSample: (sample: NetworkSample) => void) {
    this.#intervalMs = intervalMs;
    this.#current = current;
    this.#onSample = onSample;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.#sample(), this.#intervalMs);
  }

  /** New transports: their counters start from zero, not from the old ones'. */
  reset(): void {
    this.#counters = null;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  async #sample(): Promise<void> {
    const c = this.#current();
    if (!c) return;
    try {
      const [recvStats, sendStats] = await Promise.all([c.recv.getStats(), c.send.getStats()]);
      if (this.#current() !== c || !this.#timer) return;
      const { sample, counters } = networkSample(statsRecords(recvStats), statsRecords(sendStats), this.#counters);
      this.#counters = counters;
      this.#onSample(sample);
    } catch (error) {
      log.debug('getStats failed', error);
    }
  }
}
