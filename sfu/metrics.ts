/**
 * The sfu's metrics, over a registry passed in (never prom-client's global one), with one
 * function per thing that happened (conventions §14).
 */
import { Counter, Gauge, Histogram, type Registry } from '../platform/index.js';

/** CPU time a worker process has used so far (it starts from 0 when the process restarts). */
export interface WorkerCpuSample {
  worker: string;
  pid: number;
  cpuSeconds: number;
}

type ResourceKind = 'transport' | 'producer' | 'consumer' | 'pipe';

export class SfuMetrics {
  readonly #registry: Registry;
  readonly #instancesUp: Gauge;
  readonly #restarts: Counter<'instance'>;
  readonly #rooms: Gauge;
  readonly #peers: Gauge;
  readonly #requests: Histogram<'request' | 'outcome'>;
  #resources: Record<ResourceKind, Gauge> | undefined;
  #workerCpu: Counter<'worker'> | undefined;

  constructor(registry: Registry) {
    this.#registry = registry;
    const registers = [registry];
    this.#instancesUp = new Gauge({
      name: 'classroom_sfu_instances_up',
      help: 'Media engine instances (mediasoup workers) currently serving requests',
      registers,
    });
    this.#restarts = new Counter({
      name: 'classroom_sfu_instance_restarts_total',
      help: 'Media engine instances started again after they stopped unexpectedly',
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
      help: 'Duration of requests to the media engine (mediasoup calls), by request name and outcome (ok, error)',
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

  /** The gauges of mediasoup's resources (registered on first use). */
  #resource(kind: ResourceKind): Gauge {
    if (!this.#resources) {
      const registers = [this.#registry];
      this.#resources = {
        transport: new Gauge({ name: 'classroom_sfu_transports', help: 'Open WebRTC transports (mediasoup: two per connected peer)', registers }),
        producer: new Gauge({ name: 'classroom_sfu_producers', help: 'Streams published (mediasoup producers)', registers }),
        consumer: new Gauge({ name: 'classroom_sfu_consumers', help: 'Streams forwarded to a peer (mediasoup consumers)', registers }),
        pipe: new Gauge({ name: 'classroom_sfu_pipes', help: 'Streams piped from one worker to another (cascade: pipe producers)', registers }),
      };
    }
    return this.#resources[kind];
  }

  resourceOpened(kind: ResourceKind): void {
    this.#resource(kind).inc();
  }

  resourceClosed(kind: ResourceKind): void {
    this.#resource(kind).dec();
  }

  /**
   * Counts the CPU seconds of the worker processes, read from `sample` whenever the registry is
   * scraped (a restarted worker's count starts again from its new process's usage).
   */
  watchWorkerCpu(sample: () => Promise<WorkerCpuSample[]>): void {
    if (this.#workerCpu) return;
    const last = new Map<string, { pid: number; cpuSeconds: number }>();
    this.#workerCpu = new Counter({
      name: 'classroom_sfu_worker_cpu_seconds_total',
      help: 'CPU time (user + system) used by the media worker processes',
      labelNames: ['worker'],
      registers: [this.#registry],
      async collect() {
        for (const s of await sample()) {
          const before = last.get(s.worker);
          const base = before && before.pid === s.pid ? before.cpuSeconds : 0;
          if (s.cpuSeconds > base) this.inc({ worker: s.worker }, s.cpuSeconds - base);
          last.set(s.worker, { pid: s.pid, cpuSeconds: Math.max(base, s.cpuSeconds) });
        }
      },
    });
  }
}

/** Why a message between nodes was dropped: a bounded set, so it can be a metric label. */
export const WIRE_REJECTIONS = ['forged', 'stale', 'replayed', 'misaddressed', 'oversized', 'malformed'] as const;
export type WireRejection = (typeof WIRE_REJECTIONS)[number];

/**
 * The metrics of one lesson over several nodes (docs/cluster.md "One lesson over several nodes"):
 * messages between nodes that were refused, and what this node holds for the other nodes' lessons
 * (its pipes, the rooms it serves as an edge and their peers), so that an operator sees a refusal
 * wave (a wrong secret on one node, clocks apart, someone publishing on Redis) and whether a dead
 * owner's edge rooms were let go. One per node, made in signaling/main.ts.
 */
export class NodeMediaMetrics {
  readonly #registry: Registry;
  readonly #rejected: Counter<'wire' | 'reason'>;

  constructor(registry: Registry) {
    this.#registry = registry;
    this.#rejected = new Counter({
      name: 'classroom_sfu_node_messages_rejected_total',
      help: 'Messages from other nodes dropped unread (wire: pipe or room; reason: forged, stale, replayed, misaddressed, oversized, malformed)',
      labelNames: ['wire', 'reason'],
      registers: [registry],
    });
    // Every series exists from the start at 0: a rate() over a counter that appears at 1 misses the first refusal.
    for (const wire of ['pipe', 'room']) for (const reason of WIRE_REJECTIONS) this.#rejected.inc({ wire, reason }, 0);
  }

  messageRejected(wire: 'pipe' | 'room', reason: WireRejection): void {
    this.#rejected.inc({ wire, reason });
  }

  /** Media pipes to or from other nodes open now, by this node's role (read at each scrape). */
  watchNodePipes(count: () => { edge: number; origin: number }): void {
    new Gauge({
      name: 'classroom_sfu_node_pipes',
      help: 'Media pipes between nodes open now (role edge: piping a room in from its owner; origin: to an edge)',
      labelNames: ['role'],
      registers: [this.#registry],
      collect() {
        const c = count();
        this.set({ role: 'edge' }, c.edge);
        this.set({ role: 'origin' }, c.origin);
      },
    });
  }

  /** The rooms this node serves as an edge for other nodes' lessons, and their peers (read at each scrape). */
  watchEdgeRooms(count: () => { rooms: number; peers: number }): void {
    const registers = [this.#registry];
    new Gauge({ name: 'classroom_sfu_edge_rooms', help: "Rooms this node serves as an edge for another node's lesson", registers, collect() { this.set(count().rooms); } });
    new Gauge({ name: 'classroom_sfu_edge_peers', help: 'Peers whose receiving media this node serves for other nodes', registers, collect() { this.set(count().peers); } });
  }
}
