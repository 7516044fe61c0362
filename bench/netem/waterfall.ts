/**
 * Where a timed join's seconds go: the page's navigation and resource timings (HTML, JS/CSS
 * chunks, fonts, API calls) and the client's `lophoc:*` marks (client/util/timeline.ts: app
 * start, join page, WebSocket open, join, media set-up, consumers, transports connected), all
 * in ms from the moment the bench opened the link, plus when the bench heard the teacher.
 */
import type { Page } from 'playwright-core';

export interface Waterfall {
  /** performance.timeOrigin - the bench's start, ms: the page's times are shifted by it. */
  originMs: number;
  /** `connectMs`: the time the browser spent opening a new connection for this request (absent: it reused one). */
  rows: Array<{ what: string; startMs: number; endMs: number; kB?: number; connectMs?: number }>;
  heardMs: number;
}

interface PageTimings {
  timeOrigin: number;
  nav: { responseEnd: number; transferSize: number; domContentLoaded: number } | null;
  resources: Array<{ name: string; startTime: number; responseEnd: number; transferSize: number; connectStart: number; connectEnd: number }>;
  marks: Array<{ name: string; startTime: number }>;
}

/** Reads the page's timings; `startedAt` is the bench's Date.now() when it opened the link. */
export async function readWaterfall(page: Page, startedAt: number, heardAt: number): Promise<Waterfall> {
  const t = await page.evaluate((): PageTimings => {
    // Evaluated in the page; typed here without the DOM library (the bench is a Node program).
    type Timing = { name: string; startTime: number; responseEnd: number; transferSize: number; domContentLoadedEventEnd: number; connectStart: number; connectEnd: number };
    // No function declared in here: the bench's transpiler would wrap it in a helper the page lacks.
    const perf = performance as unknown as { getEntriesByType(t: string): Timing[] };
    const nav = perf.getEntriesByType('navigation')[0];
    return {
      timeOrigin: performance.timeOrigin,
      nav: nav ? { responseEnd: nav.responseEnd, transferSize: nav.transferSize, domContentLoaded: nav.domContentLoadedEventEnd } : null,
      resources: perf.getEntriesByType('resource').map((r) => ({ name: r.name, startTime: r.startTime, responseEnd: r.responseEnd, transferSize: r.transferSize, connectStart: r.connectStart, connectEnd: r.connectEnd })),
      marks: perf.getEntriesByType('mark').filter((m) => m.name.startsWith('lophoc:')).map((m) => ({ name: m.name, startTime: m.startTime })),
    };
  });
  const origin = t.timeOrigin - startedAt;
  const at = (ms: number) => Math.round(origin + ms);
  const rows: Waterfall['rows'] = [];
  if (t.nav) rows.push({ what: 'html', startMs: at(0), endMs: at(t.nav.responseEnd), kB: t.nav.transferSize / 1000 });
  for (const r of t.resources) {
    const connectMs = Math.round(r.connectEnd - r.connectStart);
    rows.push({ what: new URL(r.name).pathname.replace(/^\/assets\//, ''), startMs: at(r.startTime), endMs: at(r.responseEnd), kB: r.transferSize / 1000, ...(connectMs > 0 ? { connectMs } : {}) });
  }
  for (const m of t.marks) rows.push({ what: m.name.slice('lophoc:'.length), startMs: at(m.startTime), endMs: at(m.startTime) });
  rows.sort((a, b) => a.endMs - b.endMs);
  return { originMs: Math.round(origin), rows, heardMs: heardAt - startedAt };
}

/** One line per row: "  1234 ms  html (0.9 kB, from 10)", "…, new connection 301 ms)" when one was opened for it. */
export function formatWaterfall(w: Waterfall): string {
  const lines = w.rows.map((r) => {
    const size = r.kB !== undefined ? ` ${r.kB.toFixed(1)} kB, from ${r.startMs}${r.connectMs !== undefined ? `, new connection ${r.connectMs} ms` : ''}` : '';
    return `${String(r.endMs).padStart(6)} ms  ${r.what}${size ? ` (${size.trim()})` : ''}`;
  });
  lines.push(`${String(w.heardMs).padStart(6)} ms  heard the teacher`);
  return lines.join('\n');
}
