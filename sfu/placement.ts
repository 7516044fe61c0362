/** Where a room goes: the up instance with the fewest rooms (then fewest peers, then lowest index). */
export interface InstanceLoad {
  id: string;
  up: boolean;
  rooms: number;
  peers: number;
}

export function leastLoaded<T extends InstanceLoad>(instances: readonly T[], exclude?: string): T | undefined {
  let best: T | undefined;
  for (const i of instances) {
    if (!i.up || i.id === exclude) continue;
    if (!best || i.rooms < best.rooms || (i.rooms === best.rooms && i.peers < best.peers)) best = i;
  }
  return best;
}
