import { describe, expect, it } from 'vitest';
import { MetricStore, evaluateThresholds, parseDuration, percentile, summarize } from './metrics.js';

describe('percentile', () => {
  it('interpolates between ranks like k6', () => {
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(v, 50)).toBe(5.5);
    expect(percentile(v, 95)).toBeCloseTo(9.55);
    expect(percentile(v, 0)).toBe(1);
    expect(percentile(v, 100)).toBe(10);
    expect(percentile([], 95)).toBe(0);
  });
});

describe('MetricStore', () => {
  it('merges what two VUs recorded', () => {
    const a = new MetricStore();
    const b = new MetricStore();
    a.add('t', 'trend', 1);
    a.add('t', 'trend', 3);
    b.add('t', 'trend', 2);
    a.add('c', 'counter', 2);
    b.add('c', 'counter', 3);
    a.add('r', 'rate', true);
    b.add('r', 'rate', false);
    a.check('x', true);
    b.check('x', false);
    const all = new MetricStore();
    all.merge(a.toJSON());
    all.merge(b.toJSON());
    expect(summarize(all.metrics.get('t')!, 1)).toMatchObject({ count: 3, avg: 2, min: 1, med: 2, max: 3 });
    expect(summarize(all.metrics.get('c')!, 2)).toEqual({ type: 'counter', count: 5, rate: 2.5 });
    expect(summarize(all.metrics.get('r')!, 1)).toEqual({ type: 'rate', rate: 0.5, passes: 1, fails: 1 });
    expect(all.checks.get('x')).toEqual({ passes: 1, fails: 1 });
    expect(summarize(all.metrics.get('checks')!, 1)).toMatchObject({ rate: 0.5 });
  });

  it('refuses to record one name as two kinds of metric', () => {
    const s = new MetricStore();
    s.add('m', 'trend', 1);
    expect(() => s.add('m', 'counter', 1)).toThrow(/trend/);
  });
});

describe('evaluateThresholds', () => {
  const s = new MetricStore();
  for (let i = 1; i <= 100; i++) s.add('lat', 'trend', i);
  s.add('ok', 'rate', true);
  s.add('n', 'counter', 7);
  const eval1 = (metric: string, expr: string) => evaluateThresholds({ [metric]: [expr] }, s.metrics, 10)[0];

  it('reads percentiles, averages, rates and counts', () => {
    expect(eval1('lat', 'p(95)<96')).toMatchObject({ ok: true, value: 95.05 });
    expect(eval1('lat', 'p(99.9)<99')).toMatchObject({ ok: false });
    expect(eval1('lat', 'avg<=50.5')).toMatchObject({ ok: true, value: 50.5 });
    expect(eval1('lat', 'med==50.5')).toMatchObject({ ok: true });
    expect(eval1('ok', 'rate>0.99')).toMatchObject({ ok: true, value: 1 });
    expect(eval1('n', 'count>=7')).toMatchObject({ ok: true });
    expect(eval1('n', 'rate<1')).toMatchObject({ ok: true, value: 0.7 });
  });

  it('fails what it cannot evaluate instead of passing it', () => {
    expect(eval1('lat', 'p(95) < banana')).toMatchObject({ ok: false, value: null });
    expect(eval1('lat{name:x}', 'p(95)<1000')).toMatchObject({ ok: false, value: null });
    expect(eval1('missing', 'p(95)<1000')).toMatchObject({ ok: false, value: null });
  });
});

describe('parseDuration', () => {
  it('reads k6 durations', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration(1.5)).toBe(1500);
    expect(() => parseDuration('soon')).toThrow();
    expect(() => parseDuration('10x')).toThrow();
  });
});
