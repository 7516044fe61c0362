/** Intersection of the parts' types, in order: what `{ ...a, ...b }` is when no key repeats. */
export type Merged<T extends readonly object[]> = T extends readonly [infer H, ...infer R extends readonly object[]] ? H & Merged<R> : unknown;

/**
 * One central table from the slices' partial tables. Unlike a spread, a key that two slices
 * both define is refused at start-up (two features answering one request, or one event type
 * pushed as two bodies, would be a silent bug).
 */
export function merged<T extends readonly object[]>(table: string, ...parts: T): Merged<T> {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key in out) throw new Error(`two live features define ${table}.${key}`);
      out[key] = value;
    }
  }
  // Every key of every part was copied once, so `out` is each part's table side by side.
  return out as Merged<T>;
}
