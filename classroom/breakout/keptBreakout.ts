import type { KeptBreakout } from './BreakoutTypes.js';
import { BREAKOUT_LIMITS } from './Breakout.js';

const str = (v: unknown): v is string => typeof v === 'string';

/** Reads the round an earlier room kept; undefined for no round or anything that is not one. */
export function keptBreakout(restored: unknown): KeptBreakout | undefined {
  if (typeof restored !== 'object' || restored === null) return undefined;
  const { active, startedAtMs, groups } = restored as Record<string, unknown>;
  if (active !== true || typeof startedAtMs !== 'number' || !Array.isArray(groups) || groups.length > BREAKOUT_LIMITS.maxGroups) return undefined;
  const out: KeptBreakout = { active: true, startedAtMs, groups: [] };
  for (const g of groups) {
    if (typeof g !== 'object' || g === null) return undefined;
    const { id, name, userIds } = g as Record<string, unknown>;
    if (!str(id) || !str(name) || name.length > BREAKOUT_LIMITS.groupName || !Array.isArray(userIds) || !userIds.every(str)) return undefined;
    out.groups.push({ id, name, userIds: [...userIds] });
  }
  return out;
}
