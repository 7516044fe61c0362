/**
 * Setup of the e2e project: when a test fails, its report ends with what every open page showed
 * and said (testkit/chromium.ts describePage). An afterEach that throws adds its error to the
 * failed test's, which the run's summary prints: a failure in CI, where nobody can look at the
 * browser, then says whether a page was hung, crashed, elsewhere in the app, or logged an error.
 */
import { afterEach } from 'vitest';
import { describeOpenPages } from './chromium.js';

afterEach(async (ctx) => {
  if (ctx.task.result?.state !== 'fail') return;
  const pages = await describeOpenPages();
  if (pages) throw new Error(`(not a second failure: the pages when the test above failed)\n${pages}`);
});
