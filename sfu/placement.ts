/** Where a room goes (docs/sfu.md "Rooms"). */

/**
 * The up instance that is least loaded by `keys`, compared in order (the first key that differs
 * decides; a full tie keeps the lowest index). The mediasoup engine ranks by consumers (what
 * costs a worker CPU), then peers, then rooms: at the start of a day every count is 0 but rooms,
 * so rooms created together still spread over the workers.
 */
export function leastLoadedBy<K extends string, T extends { id: string; up: boolean } & Record<K, number>>(instances: readonly T[], keys: readonly K[]): T | undefined {
  let best: T | undefined;
  for (const i of instances) {
    if (!i.up) continue;
    if (!best) {
      best = i;
      continue;
    }
    for (const k of keys) {
      if (i[k] === best[k]) continue;
      if (i[k] < best[k]) best = i;
      break;
    }
  }
  return best;
}

/** What peer placement knows of one worker (docs/sfu.md "Cascade"). */
export interface WorkerLoad {
  id: string;
  up: boolean;
  /** Consumers on the worker over every room, a peer counting at least the streams it wants. */
  consumers: number;
  /** Peers with transports on the worker (edge placement counts one whose wants are not known yet as one consumer). */
  peers?: number;
  /** Share of one core the worker used over the last sample (0..1+); undefined before the first. */
  cpu: number | undefined;
}

export interface WorkerLimits {
  /** Consumers a worker carries before a room spills new peers onto another worker. */
  consumers: number;
  /** Share of one core above which a worker counts as full. */
  cpu: number;
}

/** How full a worker is: 1 = at its limit, by consumers or by measured CPU, whichever is higher. */
export function utilisation(w: WorkerLoad, limits: WorkerLimits): number {
  return Math.max(w.consumers / limits.consumers, (w.cpu ?? 0) / limits.cpu);
}

/**
 * The worker a room's new peer goes to. The room's origin worker (where its router was placed)
 * while it is below its limits: a lesson that fits on one worker stays on one router, with no
 * pipe to pay for. Past them, the least utilised worker that is up (the origin on a tie), so a
 * big lesson spreads its audience and the teacher's streams are piped once to each worker used.
 * Undefined when no worker is up.
 */
export function choosePeerWorker(workers: readonly WorkerLoad[], originId: string, limits: WorkerLimits): string | undefined {
  const origin = workers.find((w) => w.id === originId && w.up);
  if (origin && utilisation(origin, limits) < 1) return origin.id;
  let best: WorkerLoad | undefined = origin;
  for (const w of workers) {
    if (!w.up || w === origin) continue;
    if (!best || utilisation(w, limits) < utilisation(best, limits)) best = w;
  }
  return best?.id;
}
