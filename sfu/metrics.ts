/**
 * The sfu's metrics, over a registry passed in (never prom-client's global one), with one
 * function per thing that happened (conventions §14).
 */
import { Counter, Gauge, Histogram, type Registry } from '../platform/index.js';

export class SfuMetrics {
  readonly #instancesUp: Gauge;
  readonly #restarts: Counter<'instance'>;
  readonly #rooms: Gauge;
  readonly #peers: Gauge;
  readonly #requests: Histogram<'request' | 'outcome'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.#instancesUp = new Gauge({
      name: 'classroom_sfu_instances_up',
      help: 'Janus instances currently serving requests',
      registers,
    });
    this.#restarts = new Counter({
      name: 'classroom_sfu_instance_restarts_total',
      help: 'Janus instances started again after they stopped unexpectedly',
      labelNames: ['instance'],
      registers,
    });
    this.#rooms = new Gauge({ name: 'classroom_sfu_rooms', help: 'Open media rooms', registers });
    this.#peers = new Gauge({
      name: 'classroom_sfu_peers',
      help: 'Peers with at least one media connection (publisher or subscriber) in an open room',
      registers,
    });
    this.#requests = new Histogram({
      name: 'classroom_sfu_request_duration_seconds',
      help: 'Duration of requests to Janus, by request name and outcome (ok, error)',
      labelNames: ['request', 'outcome'],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers,
    });
  }

  instanceCameUp(): void {
    this.#instancesUp.inc();
  }

  instanceWentDown(): void {
    this.#instancesUp.dec();
  }

  instanceRestarted(instanceId: string): void {
    this.#restarts.inc({ instance: instanceId });
  }

  roomOpened(): void {
    this.#rooms.inc();
  }

  roomClosed(): void {
    this.#rooms.dec();
  }

  peerJoined(): void {
    this.#peers.inc();
  }

  peerLeft(): void {
    this.#peers.dec();
  }

  requestFinished(request: string, seconds: number, ok: boolean): void {
    this.#requests.observe({ request, outcome: ok ? 'ok' : 'error' }, seconds);
  }
}
