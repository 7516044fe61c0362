/**
 * Headless Debian Chromium for end-to-end tests, through playwright-core (never a downloaded
 * browser). One browser per test file; one context per user, so cookies and media are separate.
 */
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

export interface TestBrowser {
  browser: Browser;
  /** A fresh, isolated user (own cookies, storage, fake devices), optionally a phone-sized one. */
  newUser(options?: { phone?: boolean; locale?: string }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<TestBrowser> {
  // playwright starts Chromium with a fresh temporary --user-data-dir of its own.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
  const contexts: BrowserContext[] = [];
  return {
    browser,
    async newUser(options = {}) {
      const context = await browser.newContext({
        viewport: options.phone ? { width: 360, height: 740 } : { width: 1280, height: 800 },
        locale: options.locale ?? 'vi-VN',
        permissions: ['camera', 'microphone'],
      });
      contexts.push(context);
      const page = await context.newPage();
      return { context, page };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
    },
  };
}
