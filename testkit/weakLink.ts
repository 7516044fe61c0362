/**
 * A lesson with one browser behind an emulated weak link (bench/lib/netns.ts): the server and
 * the SFU listen on the link's host address, so the browser in the namespace reaches them only
 * through the link, while browsers on this machine reach them directly.
 */
import type { Page } from 'playwright-core';
import { NetNamespace } from '../bench/lib/netns.js';
import { deepMerge } from '../platform/index.js';
import { launchChromium, type TestBrowser } from './chromium.js';
import { startTestServer, type TestServer } from './testServer.js';

export interface WeakLesson {
  ns: NetNamespace;
  server: TestServer;
  /** Chromium on this machine (good network). */
  local: TestBrowser;
  /** Chromium inside the namespace (behind the weak link). */
  remote: TestBrowser;
  /** The same join link, on the address the namespace reaches. */
  viaLink(url: string): string;
  close(): Promise<void>;
}

export interface WeakLessonOptions {
  fakeAudioFile?: string;
  /** More server configuration, made once the namespace (and its host address) exists. */
  server?: (ns: NetNamespace) => Promise<Record<string, unknown>> | Record<string, unknown>;
}

export async function startWeakLesson(options: WeakLessonOptions = {}): Promise<WeakLesson> {
  const ns = await NetNamespace.create();
  const parts: { server?: TestServer; local?: TestBrowser; remote?: TestBrowser } = {};
  try {
    const extra = (await options.server?.(ns)) ?? {};
    parts.server = await startTestServer(
      deepMerge(
        {
          http: { host: '0.0.0.0' },
          media: { engine: 'mediasoup', mediasoup: { listenIp: ns.hostIp } },
          // A 10 s outage must not end the participant: the page resumes within the grace period.
          lesson: { reconnectGraceMs: 30_000 },
        },
        extra,
      ) as Record<string, unknown>,
    );
    const origin = `http://${ns.hostIp}:${parts.server.port}`;
    parts.local = await launchChromium({ fakeAudioFile: options.fakeAudioFile });
    parts.remote = await launchChromium({
      fakeAudioFile: options.fakeAudioFile,
      executablePath: ns.chromiumWrapper(),
      // The page is on a plain-HTTP test address: let it use the microphone, the camera and its
      // service worker (client/sw/) as on https.
      extraArgs: [`--unsafely-treat-insecure-origin-as-secure=${origin}`],
    });
  } catch (err) {
    await parts.remote?.close();
    await parts.local?.close();
    await parts.server?.stop();
    ns.close();
    throw err;
  }
  const { server, local, remote } = parts as Required<typeof parts>;
  return {
    ns,
    server,
    local,
    remote,
    viaLink: (url) => {
      const u = new URL(url);
      u.hostname = ns.hostIp;
      return u.toString();
    },
    async close() {
      await remote.close();
      await local.close();
      await server.stop();
      ns.close();
    },
  };
}

interface Inbound {
  participantId: string;
  source: string;
  kind: string;
  packetsReceived: number;
  framesDecoded?: number;
  frameWidth?: number;
  freezeCount?: number;
  totalFreezesDuration?: number;
  concealedSamples?: number;
  totalSamplesReceived?: number;
}

async function inbound(page: Page, participantId: string): Promise<{ video?: Inbound; audio?: Inbound }> {
  const rows = await page.evaluate(() => (globalThis as unknown as { __classroom: { mediaStats(): Promise<Inbound[]> } }).__classroom.mediaStats());
  const mine = rows.filter((r) => r.participantId === participantId);
  return { video: mine.find((r) => r.kind === 'video' && r.source === 'camera'), audio: mine.find((r) => r.kind === 'audio') };
}

/** What a page received of one participant over a window: the figures bench:netem prints. */
export interface WindowFigures {
  /** Width of the last decoded frame (960 high, 480 medium, 240 low). */
  frameWidth: number;
  framesDecoded: number;
  freezes: number;
  freezeSeconds: number;
  /** Concealed audio samples of all received in the window, percent. */
  concealedAudioPct: number;
  audioPackets: number;
}

/** Measures `ms` of what `page` receives from `participantId`. */
export async function measureWindow(page: Page, participantId: string, ms: number): Promise<WindowFigures> {
  const a = await inbound(page, participantId);
  await new Promise((r) => setTimeout(r, ms));
  const b = await inbound(page, participantId);
  const d = (x: number | undefined, y: number | undefined) => (y ?? 0) - (x ?? 0);
  const samples = d(a.audio?.totalSamplesReceived, b.audio?.totalSamplesReceived);
  return {
    frameWidth: b.video?.frameWidth ?? 0,
    framesDecoded: d(a.video?.framesDecoded, b.video?.framesDecoded),
    freezes: d(a.video?.freezeCount, b.video?.freezeCount),
    freezeSeconds: Math.round(d(a.video?.totalFreezesDuration, b.video?.totalFreezesDuration) * 10) / 10,
    concealedAudioPct: samples > 0 ? Math.round((d(a.audio?.concealedSamples, b.audio?.concealedSamples) / samples) * 1000) / 10 : 100,
    audioPackets: d(a.audio?.packetsReceived, b.audio?.packetsReceived),
  };
}

/** What the page has received of the participant so far: frames decoded, audio packets, width. */
export async function receivedSoFar(page: Page, participantId: string): Promise<{ framesDecoded: number; audioPackets: number; frameWidth: number }> {
  const { video, audio } = await inbound(page, participantId);
  return { framesDecoded: video?.framesDecoded ?? 0, audioPackets: audio?.packetsReceived ?? 0, frameWidth: video?.frameWidth ?? 0 };
}

/** The width of the participant's camera video the page decodes now (0 = none). */
export async function frameWidth(page: Page, participantId: string): Promise<number> {
  return (await inbound(page, participantId)).video?.frameWidth ?? 0;
}

/** The profile of the issue: 400 kbit/s, 150 ms round trip, 3 % loss, both ways. */
export const WEAK_3G = { rateKbit: 400, delayMs: 75, lossPct: 3 } as const;
