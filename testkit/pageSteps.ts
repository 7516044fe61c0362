/** The step marks a lesson page leaves on its performance timeline (client/util/timeline.ts), read by the E2E tests and the benches. */
import type { Page } from 'playwright-core';

/** A page's `lophoc:*` step marks (client/util/timeline.ts), timed in ms since the epoch. */
export function pageSteps(page: Page): Promise<Array<{ name: string; at: number }>> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('mark')
      .filter((m) => m.name.startsWith('lophoc:'))
      .map((m) => ({ name: m.name.slice('lophoc:'.length), at: performance.timeOrigin + m.startTime })),
  );
}
