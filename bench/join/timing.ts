/**
 * Where a join's time goes: from the marks recorded in the page (ms since its navigation start),
 * the median of each step over all joins. Pure functions (unit-tested).
 */

export interface JoinTiming {
  index: number;
  /** Link opened (the bench's navigation) -> first decoded remote video frame; null if it failed. */
  totalMs: number | null;
  /** Link opened -> the page's navigation start (browser overhead before the request). */
  navStartMs: number;
  marks: Record<string, number>;
  nav: Record<string, number>;
  video: string;
  error?: string;
}

/** Steps in the order they happen; each is measured from the previous one that was recorded. */
export const STEPS: Array<[step: string, mark: string]> = [
  ['page: HTML received', 'nav.responseEnd'],
  ['page: scripts ran, join button rendered and enabled', 'joinButtonReady'],
  ['join button clicked', 'joinClicked'],
  ['WebSocket open', 'wsOpen'],
  ['JoinRequest -> JoinResponse', 'joinResponse'],
  // The receive transport's first remote offer, which mediasoup-client builds from the first
  // ConsumersChanged (the mark keeps its name from the Janus engine's SubscriberOffer).
  ['first consumers received', 'subscriberOffer'],
  ['offer applied (setRemoteDescription)', 'subscriberOfferApplied'],
  ['ICE connected', 'subIce_connected'],
  ['DTLS connected (connectionState)', 'subPc_connected'],
  ['first video packet (seen by polling)', 'firstVideoPacket'],
  ['first frame decoded (seen by polling)', 'firstFrameDecoded'],
];

export function percentileMs(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return Math.round((s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (rank - lo));
}

function markOf(t: JoinTiming, name: string): number | undefined {
  return name.startsWith('nav.') ? t.nav[name.slice(4)] : t.marks[name];
}

/**
 * Per step: the median time since navigation start at which it happened ("atMs"), and the median
 * time it took since the previous recorded step ("stepMs"), over the joins that succeeded.
 */
export function breakdown(results: readonly JoinTiming[]): Array<{ step: string; atMs: number | null; stepMs: number | null; n: number }> {
  const ok = results.filter((r) => r.totalMs !== null);
  const rows = STEPS.map(([step]) => ({ step, at: [] as number[], delta: [] as number[] }));
  for (const r of ok) {
    let prev = 0;
    STEPS.forEach(([, mark], i) => {
      const at = markOf(r, mark);
      if (at === undefined || !(at > 0)) return;
      rows[i]?.at.push(at);
      rows[i]?.delta.push(at - prev);
      prev = at;
    });
  }
  const navStart = ok.map((r) => r.navStartMs);
  return [
    { step: 'link opened -> navigation start', atMs: 0, stepMs: percentileMs(navStart, 50), n: navStart.length },
    ...rows.map((r) => ({ step: r.step, atMs: percentileMs(r.at, 50), stepMs: percentileMs(r.delta, 50), n: r.at.length })),
  ];
}

/** Median time (ms since navigation start) of every mark recorded, the ones outside STEPS included. */
export function markMedians(results: readonly JoinTiming[]): Record<string, number | null> {
  const all = new Map<string, number[]>();
  for (const r of results) {
    if (r.totalMs === null) continue;
    for (const [k, v] of Object.entries(r.marks)) all.set(k, [...(all.get(k) ?? []), v]);
  }
  return Object.fromEntries([...all].map(([k, v]) => [k, percentileMs(v, 50)] as const).sort((a, b) => (a[1] ?? 0) - (b[1] ?? 0)));
}
