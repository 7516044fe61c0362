import type { SfuMetrics } from '../metrics.js';
import { toEngineError } from './mediasoupErrors.js';

/** Runs one mediasoup call, records its duration (request metric) and maps its error (mediasoupErrors.ts). */
export async function timed<T>(metrics: SfuMetrics, name: string, call: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    const value = await call();
    metrics.requestFinished(name, (performance.now() - started) / 1000, true);
    return value;
  } catch (err) {
    metrics.requestFinished(name, (performance.now() - started) / 1000, false);
    throw toEngineError(err, name);
  }
}
