/**
 * A teacher that publishes from headless Chromium's fake camera and microphone (the media-engine
 * bake-off's publisher), with the signaling done from Node: join with the teacher's link, then
 * mediasoup-client, bundled by esbuild, runs in the page (as in the real client); its
 * transport's `connect`/`produce` events call back into Node, which sends MediaSetup /
 * ConnectTransport / Produce. Simulcast is ordered low -> high.
 */
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RtpCapabilities } from '../../proto/index.js';
import { summarizeSendStats, type PublisherSendStats } from './sendStats.js';
import { REPO_ROOT } from './serverProcess.js';
import { SignalingClient } from './signalingClient.js';
import { clientRouterCapabilities, clientTransportOptions } from './transportPublisher.js';
import { routerCapabilities, TransportSignal, type Source } from './transportSignal.js';

export interface ChromiumPublisherOptions {
  wsUrl: string;
  /** An http(s) page of the server (a secure context for getUserMedia), e.g. <base>/healthz. */
  pageUrl: string;
  lessonId: string;
  token: string;
  width?: number;
  height?: number;
  fps?: number;
  simulcast?: boolean;
  maxBitrate?: number;
  executablePath?: string;
  log?: (line: string) => void;
}

/** Flags of the brief for headless Chromium with fake media devices. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

// tsx compiles with esbuild's keepNames, which wraps functions in __name(...): give the page one.
export const NAME_SHIM = 'var __name = globalThis.__name || ((f) => f);';

/** mediasoup-client for the page, as one script defining `globalThis.__msc`. */
async function mediasoupClientScript(): Promise<string> {
  const out = await build({
    stdin: { contents: "export { Device } from 'mediasoup-client';", resolveDir: REPO_ROOT, loader: 'ts' },
    bundle: true,
    format: 'iife',
    globalName: '__msc',
    platform: 'browser',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0]?.text ?? '';
}

/**
 * Runs in the page: camera + mic, mediasoup-client's Device, a send transport whose events call
 * `__signal` (exposed by Node), a producer per track. Exposes the transport as `__transport`
 * for stats and state.
 */
function pageProduce(o: { width: number; height: number; fps: number; simulcast: boolean; maxBitrate: number; caps: unknown }): Promise<void> {
  type Transport = {
    on(e: string, f: (...a: never[]) => void): void;
    produce(o: unknown): Promise<unknown>;
  };
  const g = globalThis as unknown as {
    navigator: { mediaDevices: { getUserMedia(c: unknown): Promise<{ getAudioTracks(): unknown[]; getVideoTracks(): unknown[] }> } };
    __msc: { Device: new () => { load(o: unknown): Promise<void>; rtpCapabilities: { codecs?: Array<{ mimeType: string }> }; createSendTransport(o: unknown): Transport } };
    __signal(op: string, arg: unknown): Promise<unknown>;
    __transport?: Transport;
  };
  return (async () => {
    const s = await g.navigator.mediaDevices.getUserMedia({ audio: true, video: { width: o.width, height: o.height, frameRate: o.fps } });
    const device = new g.__msc.Device();
    await device.load({ routerRtpCapabilities: o.caps });
    const send = await g.__signal('setup', device.rtpCapabilities);
    const t = device.createSendTransport(send);
    g.__transport = t;
    t.on('connect', (({ dtlsParameters }: { dtlsParameters: unknown }, cb: () => void, eb: (e: unknown) => void) => {
      g.__signal('connect', dtlsParameters).then(cb, eb);
    }) as never);
    t.on('produce', (({ kind, rtpParameters, appData }: { kind: string; rtpParameters: unknown; appData: { source: string } }, cb: (x: { id: unknown }) => void, eb: (e: unknown) => void) => {
      g.__signal('produce', { source: appData.source, kind, rtpParameters }).then((id) => cb({ id }), eb);
    }) as never);
    const encodings = o.simulcast
      ? [
          { scaleResolutionDownBy: 4, maxBitrate: Math.round(o.maxBitrate / 8) },
          { scaleResolutionDownBy: 2, maxBitrate: Math.round(o.maxBitrate / 3) },
          { maxBitrate: o.maxBitrate },
        ]
      : [{ maxBitrate: o.maxBitrate }];
    const codec = device.rtpCapabilities.codecs?.find((c) => /vp8/i.test(c.mimeType));
    await t.produce({ track: s.getAudioTracks()[0], appData: { source: 'microphone' } });
    await t.produce({ track: s.getVideoTracks()[0], encodings, ...(codec ? { codec } : {}), appData: { source: 'camera' } });
  })();
}

/** Runs in the page: the outbound-rtp entries of the publisher's stats, as plain objects. */
function pageStats(): Promise<Record<string, unknown>[]> {
  type Stats = { getStats(): Promise<{ forEach(f: (s: Record<string, unknown>) => void): void }> };
  const g = globalThis as unknown as { __transport?: Stats };
  return (async () => {
    const out: Record<string, unknown>[] = [];
    (await g.__transport?.getStats())?.forEach((s) => {
      if (s.type === 'outbound-rtp') out.push({ ...s });
    });
    return out;
  })();
}

export class ChromiumPublisher {
  participantId = '';
  readonly #o: ChromiumPublisherOptions;
  #browser: Browser | undefined;
  #page: Page | undefined;
  #signaling: SignalingClient | undefined;

  constructor(options: ChromiumPublisherOptions) {
    this.#o = options;
  }

  async start(timeoutMs = 30_000): Promise<void> {
    const o = this.#o;
    // the fake camera runs at 20 fps unless told otherwise
    const args = CHROMIUM_FLAGS.map((f) => (f === '--use-fake-device-for-media-stream' ? `${f}=fps=${o.fps ?? 30}` : f));
    this.#browser = await chromium.launch({ executablePath: o.executablePath ?? '/usr/bin/chromium', headless: true, args, timeout: timeoutMs });
    this.#page = await this.#browser.newPage();
    await this.#page.goto(o.pageUrl);
    this.#signaling = await SignalingClient.connect(o.wsUrl, { onClose: (code) => o.log?.(`publisher signaling closed ${code}`) });
    const joined = await this.#signaling.join(o.lessonId, o.token, { micOn: true, cameraOn: true });
    this.participantId = joined.participantId ?? '';
    const media = { width: o.width ?? 1280, height: o.height ?? 720, fps: o.fps ?? 30, simulcast: o.simulcast ?? false, maxBitrate: o.maxBitrate ?? 1_000_000 };
    await this.#startTransport(this.#page, this.#signaling, routerCapabilities(joined), media);
    const deadline = Date.now() + timeoutMs;
    while ((await this.#page.evaluate('globalThis.__transport.connectionState')) !== 'connected') {
      if (Date.now() > deadline) throw new Error(`chromium publisher not connected after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
    o.log?.(`chromium ${this.#browser.version()} publisher ${this.participantId} connected`);
  }

  async #startTransport(page: Page, signaling: SignalingClient, caps: RtpCapabilities, media: Record<string, unknown>): Promise<void> {
    const signal = new TransportSignal(signaling);
    await page.exposeFunction('__signal', async (op: string, arg: unknown) => {
      if (op === 'setup') return clientTransportOptions((await signal.mediaSetup(arg as Parameters<TransportSignal['mediaSetup']>[0])).send);
      if (op === 'connect') return signal.connectTransport('send', arg as Parameters<TransportSignal['connectTransport']>[1]);
      const p = arg as { source: Source; kind: 'audio' | 'video'; rtpParameters: Parameters<TransportSignal['produce']>[2] };
      return signal.produce(p.source, p.kind, p.rtpParameters);
    });
    await page.addScriptTag({ content: await mediasoupClientScript() });
    await page.evaluate(`${NAME_SHIM}(${pageProduce.toString()})(${JSON.stringify({ ...media, caps: clientRouterCapabilities(caps) })})`);
  }

  async sendStats(): Promise<PublisherSendStats> {
    if (!this.#page) throw new Error('not started');
    const entries = (await this.#page.evaluate(`${NAME_SHIM}(${pageStats.toString()})()`)) as Record<string, unknown>[];
    return summarizeSendStats(entries, Date.now());
  }

  async close(): Promise<void> {
    this.#signaling?.close();
    await this.#browser?.close().catch(() => {});
  }
}
