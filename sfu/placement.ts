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
