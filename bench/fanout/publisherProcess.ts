/**
 * Child process of the fan-out and join benches: the teacher (publisher), a @roamhq/wrtc bot
 * (default) or headless Chromium (`kind: "chromium"`). Configured through the
 * BENCH_CHILD_CONFIG environment variable (JSON), answers `stats` requests over IPC.
 */
import { serveParent } from '../lib/child.js';
import { ChromiumPublisher, type ChromiumPublisherOptions } from '../lib/chromiumPublisher.js';
import { PublisherBot, type PublisherBotOptions } from '../lib/publisherBot.js';

type Config = PublisherBotOptions & Partial<ChromiumPublisherOptions> & { kind?: 'wrtc' | 'chromium'; maxLifetimeS: number };

const config = JSON.parse(process.env.BENCH_CHILD_CONFIG ?? '{}') as Config;
const log = (s: string) => process.stderr.write(`[publisher] ${s}\n`);
const bot =
  config.kind === 'chromium'
    ? new ChromiumPublisher({ ...config, pageUrl: config.pageUrl ?? '', log })
    : new PublisherBot({ ...config, log });

serveParent(
  async (msg) => {
    if (msg.cmd === 'stats') return { stats: await bot.sendStats() };
    throw new Error(`unknown command ${String(msg.cmd)}`);
  },
  config.maxLifetimeS,
  async () => {
    await bot.close();
  },
);

bot.start().then(
  () => process.send?.({ ready: true, participantId: bot.participantId }),
  (err: unknown) => process.send?.({ ready: false, error: (err as Error).message }),
);
