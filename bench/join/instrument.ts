/**
 * Code run inside the student's page (Chromium) to time a join: an init script that records, in
 * page time (performance.now(), 0 = navigation start), when the join button was clicked, the
 * WebSocket opened, the JoinResponse came, the subscriber offer arrived, ICE and DTLS completed;
 * and a poller of the client's `window.__classroom.mediaStats()` for the first video packet and
 * the first decoded frame. Both are self-contained functions (Playwright serialises them).
 */

export type Marks = Record<string, number>;

// The page's globals, declared here: the Node tsconfig has no DOM library (and must not get one).
interface PageEventTarget {
  addEventListener(type: string, listener: (e: { target?: unknown }) => void, capture?: boolean): void;
}
interface PageWebSocket extends PageEventTarget {
  send(data: unknown): void;
}
interface PagePeerConnection extends PageEventTarget {
  readonly iceConnectionState: string;
  readonly connectionState: string;
  setRemoteDescription(d: { type?: string; sdp?: string }): Promise<void>;
}
interface PageGlobals {
  document: PageEventTarget & { querySelector(sel: string): { disabled?: boolean; click(): void } | null };
  MutationObserver: new (cb: () => void) => { observe(target: unknown, opts: Record<string, boolean>): void; disconnect(): void };
  navigator: { mediaDevices?: { getUserMedia?: (c: unknown) => Promise<unknown> } };
  WebSocket: new (...args: unknown[]) => PageWebSocket;
  RTCPeerConnection: new (...args: unknown[]) => PagePeerConnection;
  __bench?: { marks: Record<string, number> };
  __classroom?: { mediaStats(): Promise<StatLike[]> };
}

/**
 * Installed with page.addInitScript before any script of the page runs. With `autoClick`, the
 * join button is clicked from inside the page the moment it is rendered and enabled (no
 * Playwright round trip or actionability wait in the measurement).
 */
export function installMarks(autoClick: boolean): void {
  const g = globalThis as unknown as PageGlobals;
  const marks: Record<string, number> = {};
  const mark = (k: string) => {
    if (!(k in marks)) marks[k] = performance.now();
  };
  g.__bench = { marks };
  g.document.addEventListener(
    'click',
    (e) => {
      const el = e.target as { closest?: (sel: string) => unknown } | undefined;
      if (el?.closest?.('[data-testid="join-button"]')) mark('joinClicked');
    },
    true,
  );
  g.document.addEventListener('DOMContentLoaded', () => mark('domContentLoaded'));
  // when the join button is there and enabled, and when the lesson view replaces the join page
  const observer = new g.MutationObserver(() => {
    const button = g.document.querySelector('[data-testid="join-button"]');
    if (button && !button.disabled && !('joinButtonReady' in marks)) {
      mark('joinButtonReady');
      if (autoClick) button.click();
    }
    if (g.document.querySelector('[data-testid="lesson-view"]')) {
      mark('lessonView');
      observer.disconnect();
    }
  });
  observer.observe(g.document, { childList: true, subtree: true, attributes: true }); // <html> does not exist yet
  const md = g.navigator.mediaDevices;
  const gum = md?.getUserMedia?.bind(md);
  if (md && gum) {
    md.getUserMedia = async (c: unknown) => {
      mark('getUserMediaStart');
      try {
        return await gum(c);
      } finally {
        mark('getUserMediaEnd');
      }
    };
  }
  const NativeWs = g.WebSocket;
  g.WebSocket = class extends NativeWs {
    constructor(...args: unknown[]) {
      super(...args);
      mark('wsCreated');
      let sent = false;
      this.addEventListener('open', () => mark('wsOpen'));
      this.addEventListener('message', () => {
        if (sent) mark('joinResponse'); // the first frame after our first request is its answer
      });
      const send = this.send.bind(this);
      this.send = (data: unknown) => {
        if (!sent) {
          sent = true;
          mark('joinSent');
        }
        send(data);
      };
    }
  };
  const NativePc = g.RTCPeerConnection;
  g.RTCPeerConnection = class extends NativePc {
    #subscriber = false;
    constructor(...args: unknown[]) {
      super(...args);
      mark('pcCreated');
      this.addEventListener('iceconnectionstatechange', () => {
        if (this.#subscriber) mark(`subIce_${this.iceConnectionState}`);
      });
      this.addEventListener('connectionstatechange', () => {
        if (this.#subscriber) mark(`subPc_${this.connectionState}`);
      });
      this.addEventListener('track', () => {
        if (this.#subscriber) mark('subTrack');
      });
    }
    override async setRemoteDescription(d: { type?: string; sdp?: string }): Promise<void> {
      if (d?.type === 'offer') {
        this.#subscriber = true;
        mark('subscriberOffer');
      }
      await super.setRemoteDescription(d);
      if (d?.type === 'offer') mark('subscriberOfferApplied');
    }
  };
}

interface StatLike {
  kind: string;
  source?: string;
  participantId?: string;
  packetsReceived: number;
  framesDecoded?: number;
  frameWidth?: number;
  frameHeight?: number;
}

/**
 * Polls the client's media stats every `pollMs` until a remote video has a decoded frame; returns
 * all the marks plus navigation timings, or `error` after `timeoutMs`.
 */
export async function waitFirstFrame(args: { timeoutMs: number; pollMs: number }): Promise<{ marks: Record<string, number>; timeOrigin: number; nav: Record<string, number>; video: string; error?: string }> {
  const w = globalThis as unknown as PageGlobals;
  const marks = w.__bench?.marks ?? {};
  const deadline = performance.now() + args.timeoutMs;
  let video = '';
  let error: string | undefined;
  for (;;) {
    if (performance.now() > deadline) {
      error = `no decoded remote video within ${args.timeoutMs} ms`;
      break;
    }
    let stats: StatLike[] = [];
    try {
      stats = (await w.__classroom?.mediaStats()) ?? [];
    } catch {
      stats = [];
    }
    const v = stats.find((s) => s.kind === 'video' && s.packetsReceived > 0);
    if (v && !('firstVideoPacket' in marks)) marks.firstVideoPacket = performance.now();
    const f = stats.find((s) => s.kind === 'video' && (s.framesDecoded ?? 0) > 0);
    if (f) {
      marks.firstFrameDecoded = performance.now();
      video = `${f.source ?? '?'} ${f.frameWidth ?? 0}x${f.frameHeight ?? 0}`;
      break;
    }
    await new Promise((r) => setTimeout(r, args.pollMs));
  }
  const entries = (performance as unknown as { getEntriesByType(t: string): unknown[] }).getEntriesByType('navigation');
  const n = entries[0] as { responseEnd: number; domContentLoadedEventEnd: number; loadEventEnd: number } | undefined;
  const nav: Record<string, number> = n ? { responseEnd: n.responseEnd, domContentLoaded: n.domContentLoadedEventEnd, load: n.loadEventEnd } : {};
  return { marks: { ...marks }, timeOrigin: performance.timeOrigin, nav, video, ...(error ? { error } : {}) };
}
