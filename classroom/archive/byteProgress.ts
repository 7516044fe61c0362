import type { BundleEntry } from './bundleContents.js';

export interface BytesSnapshot {
  /** 0..0.99: the last hundredth is the store's (the zip is not kept until the blob is durable). */
  progress: number;
  doneBytes: number;
  totalBytes: number;
  /** Null until a second of work shows a rate. */
  etaMs: number | null;
}

/** A rate needs this much time behind it before it says anything about the time left. */
const MIN_ELAPSED_MS = 1000;

/**
 * The progress of a bundle by bytes (issue 9): the recordings' sizes are known before zipping
 * (they are nearly all of a bundle), the small CSVs are counted as they are made. Time left is
 * what remains at the rate so far: a bundle is one stream from the store to the store, so its
 * rate is steady once started.
 */
export class ByteProgress {
  readonly #startedAt: number;
  readonly #known: number;
  #unsized = 0;
  #done = 0;

  constructor(entries: readonly Pick<BundleEntry, 'bytes'>[], startedAt: number) {
    this.#startedAt = startedAt;
    this.#known = entries.reduce((sum, e) => sum + (e.bytes ?? 0), 0);
  }

  add(bytes: number, entry: Pick<BundleEntry, 'bytes'>): void {
    this.#done += bytes;
    if (entry.bytes === undefined) this.#unsized += bytes;
  }

  snapshot(now: number): BytesSnapshot {
    const total = Math.max(this.#known + this.#unsized, this.#done);
    const done = this.#done;
    const elapsed = now - this.#startedAt;
    const etaMs = done > 0 && elapsed >= MIN_ELAPSED_MS ? Math.round(((total - done) * elapsed) / done) : null;
    return { progress: total > 0 ? Math.min(0.99, done / total) : 0, doneBytes: done, totalBytes: total, etaMs };
  }
}
