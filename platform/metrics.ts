import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export { Counter, Gauge, Histogram, Registry };

export interface MetricsRegistryOptions {
  /** Labels added to every series (e.g. { node: 'node-1' }). Default none. */
  defaultLabels?: Record<string, string>;
  /** Collect Node process metrics (CPU, memory, GC, event-loop lag). Default true. */
  processMetrics?: boolean;
}

/**
 * A private registry (never prom-client's global one), so two apps or two tests in one
 * process never share series. Process metrics are named `classroom_process_*` and `classroom_nodejs_*`, among them
 * `classroom_nodejs_eventloop_lag_seconds`.
 */
export function createMetricsRegistry(options: MetricsRegistryOptions = {}): Registry {
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  if (options.processMetrics !== false) {
    collectDefaultMetrics({ register: registry, prefix: 'classroom_', eventLoopMonitoringPrecision: 20 });
  }
  return registry;
}
