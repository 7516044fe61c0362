/** The kept form of the hand queue (RoomContext.kept): by account, oldest first. */
export interface KeptHand {
  userId: string;
  displayName: string;
  raisedAtMs: number;
}

/** Reads what an earlier room kept; anything that is not a kept hand is skipped. At most 10000. */
export function keptHands(restored: unknown): KeptHand[] {
  if (!Array.isArray(restored)) return [];
  const out: KeptHand[] = [];
  for (const v of restored.slice(0, 10_000)) {
    if (typeof v !== 'object' || v === null) continue;
    const { userId, displayName, raisedAtMs } = v as Record<string, unknown>;
    if (typeof userId !== 'string' || userId === '' || typeof displayName !== 'string' || typeof raisedAtMs !== 'number' || !Number.isFinite(raisedAtMs)) continue;
    out.push({ userId, displayName, raisedAtMs });
  }
  return out.sort((a, b) => a.raisedAtMs - b.raisedAtMs);
}
