/** A minimal cookie-keeping JSON client for the exam bench, and two small helpers. */

export class Http {
  readonly #base: string;
  #cookie = '';

  constructor(base: string) {
    this.#base = base;
  }

  json<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    return this.raw<T>(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json');
  }

  async raw<T = unknown>(method: string, path: string, body: string | undefined, contentType: string): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (this.#cookie) headers.cookie = this.#cookie;
    if (body !== undefined) headers['content-type'] = contentType;
    const res = await fetch(this.#base + path, { method, headers, ...(body === undefined ? {} : { body }) });
    const set = res.headers.get('set-cookie');
    if (set) this.#cookie = set.split(';')[0] ?? '';
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed as T };
  }
}

/** Maps `items` with at most `concurrency` calls in flight, keeping the order. */
export async function inBatches<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!, i);
    }),
  );
  return out;
}

/** The q-quantile (0..1) of sorted values, nearest rank; 0 for none. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
