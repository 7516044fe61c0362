/**
 * HTTP load on the endpoints a load balancer and a browser hit: /healthz, /readyz and the client
 * page of a lesson link. Each iteration requests the three, checks them, and pauses.
 *
 * k6:    k6 run -e BASE_URL=http://host:8080 bench/k6/dist/http.js
 * Node:  npm run bench:http -- [--vus 10 --iterations 300]   (starts a server; see docs/bench.md)
 *
 * Variables: BASE_URL, LESSON (demo), PAUSE_S (0.1).
 */
import { check, sleep } from 'k6';
import http from 'k6/http';
import { Trend } from 'k6/metrics';

export const options = {
  vus: 10,
  iterations: 300,
  thresholds: {
    checks: ['rate>0.99'],
    http_req_failed: ['rate<0.01'],
    http_req_duration: ['p(95)<200'],
  },
};

const healthzMs = new Trend('healthz_ms', true);
const readyzMs = new Trend('readyz_ms', true);
const pageMs = new Trend('client_page_ms', true);

const BASE_URL = (__ENV.BASE_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const LESSON = __ENV.LESSON ?? 'demo';
const PAUSE_S = Number(__ENV.PAUSE_S ?? 0.1);

export default function (): void {
  const health = http.get(`${BASE_URL}/healthz`, { tags: { name: 'healthz' } });
  healthzMs.add(health.timings.duration);
  check(health, { 'healthz is 200': (r) => r.status === 200 });

  const ready = http.get(`${BASE_URL}/readyz`, { tags: { name: 'readyz' } });
  readyzMs.add(ready.timings.duration);
  check(ready, { 'readyz is 200': (r) => r.status === 200 });

  const page = http.get(`${BASE_URL}/lesson/${LESSON}`, { tags: { name: 'client_page' } });
  pageMs.add(page.timings.duration);
  check(page, {
    'client page is 200': (r) => r.status === 200,
    'client page is the app': (r) => typeof r.body === 'string' && r.body.includes('id="app"'),
  });

  sleep(PAUSE_S);
}
