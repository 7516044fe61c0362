/**
 * Reading Prometheus text (a registry's `metrics()`, or a node's /metrics) in tests: the value of
 * one series, chosen by name and by the labels it must carry (others, like `node`, may be there).
 */
export function sampleOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const has = new Map([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => has.get(k) === v)) return Number(m[3]);
  }
  return undefined;
}

/** `/metrics` of a server whose main port serves it to `token` (config `metrics.token`). */
export async function scrape(httpUrl: string, token: string): Promise<string> {
  const res = await fetch(`${httpUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
  return res.text();
}
