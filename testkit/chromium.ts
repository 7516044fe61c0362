/**
 * Headless Debian Chromium for end-to-end tests, through playwright-core (never a downloaded
 * browser). One browser per test file; one context per user, so cookies and media are separate.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  // the media server is on this machine: let WebRTC use local addresses as they are
  '--allow-loopback-in-peer-connection',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
];

/** The last things each test page said (console errors and warnings, uncaught errors, failed requests). */
const pageNotes = new WeakMap<Page, string[]>();
/** The pages of this test file's users, in the order they were made (for a failed test's report). */
const openPages: Page[] = [];

function keepPageNotes(page: Page): void {
  const notes: string[] = [];
  pageNotes.set(page, notes);
  const note = (line: string) => {
    notes.push(line.slice(0, 400));
    if (notes.length > 30) notes.shift();
  };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') note(`console.${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => note(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => note(`request failed: ${r.url()} (${r.failure()?.errorText ?? '?'})`));
  page.on('crash', () => note('THE PAGE CRASHED'));
  openPages.push(page);
  page.on('close', () => openPages.splice(openPages.indexOf(page), 1));
}

/**
 * What a page shows and said, for a failure message: its URL, the test ids on screen, its body
 * text (start), and its notes. A test that waits in vain for a control says where the page was.
 */
export async function describePage(page: Page): Promise<string> {
  // A string: testkit is compiled without the DOM's types. A page that does not answer in 3 s is
  // said to be hung (its main thread busy, or its renderer gone), which is itself the clue.
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<{ ids: string; text: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ids: '?', text: '(the page did not answer within 3 s: hung or crashed)' }), 3_000);
  });
  const shown = await Promise.race([
    page
      .evaluate<{ ids: string; text: string }>(`({
        ids: [...new Set([...document.querySelectorAll('[data-testid]')].map((e) => e.getAttribute('data-testid')))].slice(0, 40).join(' '),
        text: (document.body?.innerText ?? '').replace(/\\s+/g, ' ').slice(0, 300),
      })`)
      .catch((e: unknown) => ({ ids: '?', text: `(page not readable: ${String(e)})` })),
    hung,
  ]).finally(() => clearTimeout(timer));
  const notes = pageNotes.get(page) ?? [];
  return [`url: ${page.url()}`, `test ids: ${shown.ids}`, `text: ${shown.text}`, ...notes.map((n) => `  ${n}`)].join('\n');
}

/** Every open test page described (see describePage), for the report of a failed test. */
export async function describeOpenPages(): Promise<string> {
  const parts = await Promise.all(openPages.map(async (p, i) => `--- page ${i + 1} (${p.viewportSize()?.width ?? '?'}px wide)\n${await describePage(p)}`));
  return parts.join('\n');
}

export interface TestBrowser {
  browser: Browser;
  /** A fresh, isolated user (own cookies, storage, fake devices), optionally a phone-sized one. */
  newUser(options?: { phone?: boolean; locale?: string; viewport?: { width: number; height: number } }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * A WAV file of loud, speech-like sound (48 kHz, 16-bit mono, 3 s; Chromium loops it): a pitch
 * that changes every 120 ms under a syllable-rate envelope. As the fake microphone, every SFU
 * hears it as talking: Chromium's own fake microphone beeps briefly once a second (averaged away
 * by voice-activity detection), and a steady tone is removed by the browser's noise suppression.
 */
export function loudToneWav(): string {
  const rate = 48_000;
  const samples = rate * 3;
  const buf = Buffer.alloc(44 + samples * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + samples * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20); // PCM
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(samples * 2, 40);
  const pitches = [220, 330, 260, 410, 300, 240, 370, 280];
  let phase = 0;
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    phase += (2 * Math.PI * (pitches[Math.floor(t / 0.12) % pitches.length] as number)) / rate;
    const envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t);
    buf.writeInt16LE(Math.round(19_500 * envelope * (Math.sin(phase) + 0.3 * Math.sin(2 * phase))), 44 + i * 2); // peak ~25 000
  }
  const file = join(tmpdir(), `classroom-test-tone-${process.pid}.wav`);
  writeFileSync(file, buf);
  return file;
}

export interface LaunchOptions {
  /** A WAV file the fake microphone plays (looped) instead of Chromium's beeps, e.g. loudToneWav(). */
  fakeAudioFile?: string;
  /** Another executable, e.g. a wrapper that runs Chromium inside a network namespace (bench/lib/netns.ts). */
  executablePath?: string;
  /** More Chromium switches, e.g. --unsafely-treat-insecure-origin-as-secure for a page on a test address. */
  extraArgs?: string[];
}

export async function launchChromium(options: LaunchOptions = {}): Promise<TestBrowser> {
  // playwright starts Chromium with a fresh temporary --user-data-dir of its own.
  const browser = await chromium.launch({
    executablePath: options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.fakeAudioFile ? [`--use-file-for-fake-audio-capture=${options.fakeAudioFile}`] : []), ...(options.extraArgs ?? [])],
    timeout: 60_000,
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async newUser(options = {}) {
      const context = await browser.newContext({
        viewport: options.viewport ?? (options.phone ? { width: 360, height: 740 } : { width: 1280, height: 800 }),
        locale: options.locale ?? 'vi-VN',
        permissions: ['camera', 'microphone'],
      });
      contexts.push(context);
      const page = await context.newPage();
      keepPageNotes(page);
      return { context, page };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
    },
  };
}
