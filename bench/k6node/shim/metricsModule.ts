/** Node stand-in for `k6/metrics`. Tags are accepted and ignored (no sub-metrics). */
import type { MetricType } from '../metrics.js';
import { runtime } from './runtime.js';

class Metric {
  constructor(
    readonly name: string,
    readonly type: MetricType,
    readonly isTime = false,
  ) {
    if (!/^[A-Za-z0-9_.]{1,128}$/.test(name)) throw new Error(`invalid metric name ${name}`);
  }

  add(value: number | boolean, _tags?: Record<string, string>): void {
    runtime.store.add(this.name, this.type, value);
  }
}

export class Trend extends Metric {
  constructor(name: string, isTime = false) {
    super(name, 'trend', isTime);
  }
}
export class Counter extends Metric {
  constructor(name: string) {
    super(name, 'counter');
  }
}
export class Rate extends Metric {
  constructor(name: string) {
    super(name, 'rate');
  }
}
export class Gauge extends Metric {
  constructor(name: string, isTime = false) {
    super(name, 'gauge', isTime);
  }
}

export default { Trend, Counter, Rate, Gauge };
